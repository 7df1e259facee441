// The password length rule, shared with the browser (forms check it as you type).
export const MIN_PASSWORD_LENGTH = 8;
