// Password rules shared with the browser (no hashing here).
export const MIN_PASSWORD_LENGTH = 8;
