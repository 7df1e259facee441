// How each attribution method is named in the panels (the values of db/schema's
// attributionMethods, not imported: client components must not import db/schema).
export const METHOD_LABELS: Record<string, string> = {
  explicit: 'explicit (server call)',
  lifetime: 'lifetime customer',
  coupon: 'coupon',
  cookie: 'cookie (visitor id)',
  ip_ua: 'IP + user-agent',
  manual: 'credited by hand',
};

export const methodLabel = (m: string | null | undefined) => (m ? (METHOD_LABELS[m] ?? m) : '—');
