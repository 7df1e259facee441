'use client';
// The interactive REST API reference (Scalar), bundled with the app: the document is passed
// in, and nothing is loaded from elsewhere (no CDN, no web fonts, no proxy, no telemetry, no agent).
// Its colours and a few ARIA attributes are put right for WCAG 2.1 AA (./scalar-a11y).
import dynamic from 'next/dynamic';
import { useEffect, useRef } from 'react';
import '@scalar/api-reference-react/style.css';
import './scalar-a11y.css';
import { patchScalarA11y } from './scalar-a11y';

const ApiReferenceReact = dynamic(() => import('@scalar/api-reference-react').then((m) => m.ApiReferenceReact), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Loading the API reference…</p>,
});

export function ApiReference({ document, serverUrl }: { document: object; serverUrl: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => (ref.current ? patchScalarA11y(ref.current) : undefined), []);
  return (
    <div ref={ref} data-testid="api-reference" className="overflow-hidden rounded-lg border border-slate-200">
      <ApiReferenceReact
        configuration={{
          content: document,
          servers: [{ url: serverUrl, description: 'This tracker' }],
          withDefaultFonts: false,
          telemetry: false,
          showDeveloperTools: 'never',
          hideDarkModeToggle: true,
          agent: { disabled: true },
          authentication: { preferredSecurityScheme: 'apiKey' },
        }}
      />
    </div>
  );
}
