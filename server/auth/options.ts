// next-auth configuration: one Credentials provider (id `credentials`, fields
// `email` and `password`) for merchant staff and affiliates, JWT sessions that
// carry role, merchant and affiliate (the app stays stateless).
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { clientIpOf } from '../http/client-ip';
import { authSecret } from './secret';
import { userFromGrant, type GrantedUser } from './impersonation';
import { authenticate } from './sign-in';

// next-auth v4 builds its URLs from NEXTAUTH_URL unless told to trust the Host header;
// the app is served on any PORT and host, so trust it (set NEXTAUTH_URL to pin one).
process.env.AUTH_TRUST_HOST ??= 'true';

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, req) {
        const db = await getDb();
        // "Log in as affiliate" and its way back sign in with a short-lived grant instead of a password.
        const grant = (credentials as Record<string, string> | undefined)?.grant;
        if (grant) return userFromGrant(db, grant);
        const h = (req.headers ?? {}) as Record<string, string | undefined>;
        const ip = clientIpOf({ get: (name) => h[name] ?? null });
        // Errors thrown here reach the sign-in page as a readable message.
        return authenticate(db, { email: credentials?.email ?? '', password: credentials?.password ?? '', ip });
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as unknown as GrantedUser;
        token.userId = u.id;
        token.role = u.role;
        token.merchantId = u.merchantId;
        token.affiliateId = u.affiliateId;
        token.impersonatedBy = u.impersonatedBy;
        token.impersonationExpires = u.impersonationExpires;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.userId,
        role: token.role,
        merchantId: token.merchantId,
        affiliateId: token.affiliateId,
        impersonatedBy: token.impersonatedBy,
        impersonationExpires: token.impersonationExpires,
      };
      return session;
    },
  },
};

