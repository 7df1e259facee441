// next-auth configuration: one Credentials provider (id `credentials`, fields
// `email`, `password` and, with two-factor sign-in on, `code`) for merchant staff and affiliates, JWT sessions that
// carry role, merchant and affiliate (the app stays stateless).
import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cookies } from 'next/headers';
import { getDb } from '@/db';
import { clientIpOf, requestIsTls } from '../http/client-ip';
import { RECENT_DEVICE_COOKIE, RECENT_DEVICE_DAYS } from './recent-device';
import { safeCallbackPath } from './callback-url';
import { authSecret } from './secret';
import { spendToken } from './spent-tokens';
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
        code: { label: 'Two-factor code', type: 'text' },
      },
      async authorize(credentials, req) {
        const db = await getDb();
        // "Log in as affiliate" and its way back sign in with a short-lived grant instead of a password.
        const grant = (credentials as Record<string, string> | undefined)?.grant;
        if (grant) return userFromGrant(db, grant);
        const h = (req.headers ?? {}) as Record<string, string | undefined>;
        const headers = { get: (name: string) => h[name] ?? null };
        const jar = await cookies();
        // Errors thrown here reach the sign-in page as a readable message.
        const { deviceToken, ...user } = await authenticate(db, {
          email: credentials?.email ?? '',
          password: credentials?.password ?? '',
          code: credentials?.code ?? '',
          ip: clientIpOf(headers),
          deviceToken: jar.get(RECENT_DEVICE_COOKIE)?.value,
        });
        // This browser is now a recent successful device for the account (see recent-device.ts).
        jar.set(RECENT_DEVICE_COOKIE, deviceToken, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/api/auth',
          maxAge: RECENT_DEVICE_DAYS * 86_400,
          secure: requestIsTls(headers) || !!process.env.NEXTAUTH_URL?.startsWith('https://'),
        });
        return user;
      },
    }),
  ],
  events: {
    // Signing out ends this session's token on the server too, not only in this browser:
    // a copy of the cookie is refused from now on (server/auth/session.ts).
    async signOut({ token }) {
      if (token?.sessionId) await spendToken(await getDb(), `session:${token.sessionId}`, new Date((Number(token.exp) || Date.now() / 1000 + SESSION_MAX_AGE_S) * 1000));
    },
  },
  callbacks: {
    // next-auth's own redirects (sign-out's callbackUrl…) stay on this app: a panel path or the sign-in page.
    redirect({ url, baseUrl }) {
      const path = safeCallbackPath(url, baseUrl);
      return path ? `${baseUrl}${path}` : `${baseUrl}/sign-in`;
    },
    jwt({ token, user }) {
      if (user) {
        const u = user as unknown as GrantedUser;
        token.userId = u.id;
        token.role = u.role;
        token.merchantId = u.merchantId;
        token.affiliateId = u.affiliateId;
        token.sessionVersion = u.sessionVersion;
        token.sessionId = randomUUID();
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
        sessionVersion: token.sessionVersion,
        sessionId: token.sessionId,
        impersonatedBy: token.impersonatedBy,
        impersonationExpires: token.impersonationExpires,
      };
      return session;
    },
  },
};

