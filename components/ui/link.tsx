'use client';
// next/link, prefetching on intent: a link prefetches its page when it is hovered, focused or
// touched, not when it scrolls into view. The panels render every page behind the
// database-checked session guard, and the navigation alone holds some twenty links: with
// viewport prefetching, each page view cost the server twenty-odd renders nobody asked for.
// This is the hover-triggered prefetch of Next's prefetching guide, plus focus and touch for
// keyboards and phones. The app imports Link from here (eslint refuses next/link elsewhere).
import NextLink from 'next/link';
import { useState, type ComponentProps } from 'react';

export default function Link({ prefetch, onMouseEnter, onFocus, onTouchStart, ...props }: ComponentProps<typeof NextLink>) {
  const [intent, setIntent] = useState(false);
  return (
    <NextLink
      {...props}
      prefetch={prefetch === false || !intent ? false : (prefetch ?? null)}
      onMouseEnter={(e) => {
        setIntent(true);
        onMouseEnter?.(e);
      }}
      onFocus={(e) => {
        setIntent(true);
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        setIntent(true);
        onTouchStart?.(e);
      }}
    />
  );
}
