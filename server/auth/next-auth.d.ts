import type { DefaultSession } from 'next-auth';
import type { UserRole } from '@/db/schema';

declare module 'next-auth' {
  interface Session {
    user: DefaultSession['user'] & {
      id: string;
      role: UserRole;
      merchantId: string;
      affiliateId: string | null;
    };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userId: string;
    role: UserRole;
    merchantId: string;
    affiliateId: string | null;
  }
}
