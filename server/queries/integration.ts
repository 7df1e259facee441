// Read models of Tools > Integration: API keys, the affiliates a test click can use,
// and the account's latest click and conversion (the live test panel).
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, apiKeys, campaigns, clicks, commissions, conversions } from '@/db/schema';

export async function listApiKeys(db: Db, merchantId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scope: apiKeys.scope,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.merchantId, merchantId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Approved affiliates, for the test click and the redirect-link form (first 200 by name). */
export async function approvedAffiliates(db: Db, merchantId: string) {
  return db
    .select({ id: affiliates.id, refId: affiliates.refId, name: affiliates.name })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.status, 'approved')))
    .orderBy(asc(affiliates.name), asc(affiliates.refId))
    .limit(200);
}

/** The account's newest click and newest conversion, with what the merchant checks in a test. */
export async function lastActivity(db: Db, merchantId: string) {
  const [click] = await db
    .select({
      id: clicks.id,
      createdAt: clicks.createdAt,
      affiliateRefId: affiliates.refId,
      affiliateName: affiliates.name,
      campaignId: clicks.campaignId,
      campaignName: campaigns.name,
      channel: clicks.channel,
      visitorId: clicks.visitorId,
      url: clicks.url,
    })
    .from(clicks)
    .innerJoin(affiliates, eq(affiliates.id, clicks.affiliateId))
    .leftJoin(campaigns, and(eq(campaigns.merchantId, clicks.merchantId), eq(campaigns.id, clicks.campaignId)))
    .where(eq(clicks.merchantId, merchantId))
    .orderBy(desc(clicks.createdAt), desc(clicks.id))
    .limit(1);

  const [conversion] = await db
    .select({
      id: conversions.id,
      createdAt: conversions.createdAt,
      orderId: conversions.orderId,
      actionCode: conversions.actionCode,
      total: conversions.total,
      currency: conversions.currency,
      status: conversions.status,
      method: conversions.method,
      source: conversions.source,
      test: conversions.test,
      affiliateRefId: affiliates.refId,
      affiliateName: affiliates.name,
      campaignId: conversions.campaignId,
      campaignName: campaigns.name,
    })
    .from(conversions)
    .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
    .leftJoin(campaigns, and(eq(campaigns.merchantId, conversions.merchantId), eq(campaigns.id, conversions.campaignId)))
    .where(eq(conversions.merchantId, merchantId))
    .orderBy(desc(conversions.createdAt), desc(conversions.id))
    .limit(1);

  const lines = conversion
    ? await db
        .select({
          tier: commissions.tier,
          amount: commissions.amount,
          currency: commissions.currency,
          status: commissions.status,
          affiliateRefId: affiliates.refId,
        })
        .from(commissions)
        .innerJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
        .where(and(eq(commissions.merchantId, merchantId), eq(commissions.conversionId, conversion.id)))
        .orderBy(asc(commissions.tier), asc(commissions.createdAt))
    : [];

  return { click: click ?? null, conversion: conversion ? { ...conversion, commissions: lines } : null };
}
