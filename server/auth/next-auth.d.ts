import type { DefaultSession } from 'next-auth';
import type { UserRole } from '@/db/enums';

declare module 'next-auth' {
  interface Session {
    user: DefaultSession['user'] & {
      id: string;
      role: UserRole;
      merchantId: string;
      affiliateId: string | null;
      /** users.session_version when the session was made: a bump ends this session. */
      sessionVersion?: number;
      /** This session's own id: signing out spends it (spent_tokens). */
      sessionId?: string;
      /** Set while a merchant user views this affiliate's panel ("log in as affiliate"). */
      impersonatedBy?: string;
      impersonationExpires?: number;
    };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userId: string;
    role: UserRole;
    merchantId: string;
    affiliateId: string | null;
    sessionVersion?: number;
    sessionId?: string;
    impersonatedBy?: string;
    impersonationExpires?: number;
  }
}
