// What sign-in answers about the second factor; client-safe, so the sign-in form can tell
// "ask for the code" apart from other refusals.
export const TWO_FACTOR_REQUIRED = 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.';
export const WRONG_TWO_FACTOR_CODE = 'That code is not right, or it was used already. Enter the code your app shows now.';
export const TWO_FACTOR_ENROLMENT_REQUIRED = 'This program requires two-factor sign-in: turn it on for your account first.';
