// What a viewer is told wherever a change is not theirs to make (server and client components alike).
export const READ_ONLY_HINT = 'Viewers can look but not change: ask an owner or admin.';
