import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files; argon2 is a native addon. Load both from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres', 'nodemailer'],
  poweredByHeader: false,
  typedRoutes: false,
  // The build type-checks the app; `npm test` type-checks everything, tests included (tsc --noEmit).
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  experimental: {
    // Two cores: one build worker keeps memory and time in check.
    cpus: 1,
  },
};

export default nextConfig;
