// Import of Post Affiliate Pro's CSV exports: affiliates (referral ids, parents), campaigns,
// banners, coupons and commissions with their status. planPapImport() reads what exists and
// decides, row by row, what would be created and which rows cannot be taken and why;
// importPap() does the same inside one transaction and writes the plan — so a dry run and an
// import agree, and nothing is ever half imported. Every row created is recorded under PAP's own
// id (imported_records): running the same files again creates nothing twice.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { affiliates, banners, campaigns, commissions, conversions, coupons, importedRecords, merchants, type CommissionStatus } from '@/db/schema';
import { emailSchema } from '../accounts/schemas';
import { refIdSchema } from '../affiliates/manage-schemas';
import { audit, type Actor } from '../audit';
import { bannerCreateSchema, couponCreateSchema } from '../campaigns/schemas';
import { AppError } from '../errors';
import { publicId } from '../ids';
import { checkRedirectTarget } from '../tracking/redirect';
import { invalidateLookups } from '../tracking/lookups';
import { currencyProblem, parseAmount } from '../money';
import { readPapFiles, type PapFile, type PapKind, type PapRow } from './pap-csv';

const SOURCE = 'pap';

export interface PlannedItem {
  kind: PapKind;
  /** PAP's id of the row (USERID, CAMPAIGNID, BANNERID, COUPONID, TRANSID). */
  externalId: string;
  /** What it becomes here, in words (`demo-aff2 (Ann Lee)`, `ORD-1 · 12.00 USD · approved`). */
  label: string;
}

export interface RowProblem {
  kind?: PapKind;
  file: string;
  line: number;
  externalId?: string;
  reason: string;
}

export interface PapImportReport {
  dryRun: boolean;
  created: Record<PapKind, PlannedItem[]>;
  /** Rows imported by an earlier run (same PAP id): left as they are. */
  alreadyImported: PlannedItem[];
  problems: RowProblem[];
}

type AffiliateStatus = 'pending' | 'approved' | 'declined';
const AFFILIATE_STATUS: Record<string, AffiliateStatus> = { A: 'approved', P: 'pending', D: 'declined', '': 'approved' };
const COMMISSION_STATUS: Record<string, CommissionStatus> = { A: 'approved', P: 'pending', D: 'declined' };
/** PAP's transaction types this import takes: sales, actions and recurring commissions. */
const SALE_TYPES = new Set(['S', 'U']);
const ACTION_TYPE = 'A';
/** The action code an imported PAP action commission is recorded under. */
export const PAP_ACTION_CODE = 'pap_action';

const nowIfBad = (v: string | undefined): Date | undefined => {
  if (!v) return undefined;
  const d = new Date(v.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'));
  return Number.isNaN(d.getTime()) ? undefined : d;
};

interface Plan {
  affiliates: { row: PapRow; id: string; refId: string; name: string; email: string; status: AffiliateStatus; parentExt?: string; createdAt?: Date }[];
  campaigns: { row: PapRow; id: string; name: string; cookieDays: number; archived: boolean }[];
  banners: { row: PapRow; id: string; campaignId: string; data: ReturnType<typeof bannerCreateSchema.parse>; archived: boolean }[];
  coupons: { row: PapRow; code: string; affiliateId: string; campaignId: string | null; active: boolean }[];
  commissions: {
    row: PapRow;
    conversionKey: string;
    newConversion?: { orderId: string; actionCode: string; total: number; currency: string; campaignId: string; affiliateId: string; productId: string | null; data: (string | null)[]; createdAt?: Date };
    affiliateId: string;
    tier: number;
    amount: number;
    currency: string;
    status: CommissionStatus;
  }[];
  report: PapImportReport;
}

/** What an import of these files would do, reading only. */
export async function planPapImport(db: Db | Tx, merchantId: string, files: PapFile[]): Promise<Plan> {
  const { rows, problems: parseProblems } = readPapFiles(files);
  const report: PapImportReport = {
    dryRun: true,
    created: { affiliates: [], campaigns: [], banners: [], coupons: [], commissions: [] },
    alreadyImported: [],
    problems: parseProblems.map((p) => ({ ...p })),
  };
  const plan: Plan = { affiliates: [], campaigns: [], banners: [], coupons: [], commissions: [], report };
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, merchantId));
  if (!merchant) throw new AppError('not_found', 'This account no longer exists.');

  const records = await db.select().from(importedRecords).where(and(eq(importedRecords.merchantId, merchantId), eq(importedRecords.source, SOURCE)));
  const imported = (kind: PapKind) => new Map(records.filter((r) => r.kind === kind).map((r) => [r.externalId, r.localId]));
  const done = { affiliates: imported('affiliates'), campaigns: imported('campaigns'), banners: imported('banners'), coupons: imported('coupons'), commissions: imported('commissions') };
  const ours = {
    refIds: new Set((await db.select({ r: affiliates.refId }).from(affiliates).where(eq(affiliates.merchantId, merchantId))).map((a) => a.r.toLowerCase())),
    campaigns: await db.select({ id: campaigns.id, isDefault: campaigns.isDefault, currency: campaigns.currency }).from(campaigns).where(eq(campaigns.merchantId, merchantId)),
    coupons: new Set((await db.select({ c: coupons.code }).from(coupons).where(eq(coupons.merchantId, merchantId))).map((c) => c.c)),
  };
  const defaultCampaign = ours.campaigns.find((c) => c.isDefault) ?? ours.campaigns[0];
  const problem = (row: PapRow, reason: string, externalId?: string) =>
    report.problems.push({ kind: row.kind, file: row.file, line: row.line, externalId, reason });
  const seen = (kind: PapKind, row: PapRow, externalId: string, label: string): boolean => {
    if (!done[kind].has(externalId)) return false;
    report.alreadyImported.push({ kind, externalId, label });
    void row;
    return true;
  };
  const byKind = (k: PapKind) => rows.filter((r) => r.kind === k);
  const idsInFile = new Map<PapKind, Set<string>>();
  const firstTime = (kind: PapKind, id: string) => {
    const set = idsInFile.get(kind) ?? new Set<string>();
    idsInFile.set(kind, set);
    if (set.has(id)) return false;
    set.add(id);
    return true;
  };

  // Affiliates, then who is whose parent.
  const affiliateIdOf = new Map(done.affiliates);
  for (const row of byKind('affiliates')) {
    const v = row.values;
    const ext = v.USERID ?? '';
    if (!ext) {
      problem(row, 'USERID is empty: every affiliate row needs PAP’s user id.');
      continue;
    }
    if (!firstTime('affiliates', ext)) {
      problem(row, `USERID ${ext} appears twice in the export.`, ext);
      continue;
    }
    const refId = refIdSchema.safeParse(v.REFID ?? '');
    const email = emailSchema.safeParse(v.USERNAME ?? v.EMAIL ?? '');
    const name = [v.FIRSTNAME, v.LASTNAME].filter(Boolean).join(' ').trim() || (v.REFID ?? '');
    if (seen('affiliates', row, ext, `${v.REFID ?? ext}`)) continue;
    if (!refId.success) {
      problem(row, `REFID “${v.REFID ?? ''}”: ${refId.error.issues[0]!.message}`, ext);
      continue;
    }
    if (!email.success) {
      problem(row, `USERNAME “${v.USERNAME ?? ''}”: an affiliate needs a valid email address.`, ext);
      continue;
    }
    if (ours.refIds.has(refId.data.toLowerCase())) {
      problem(row, `REFID ${refId.data} is already an affiliate’s referral id in this program.`, ext);
      continue;
    }
    const status = AFFILIATE_STATUS[(v.RSTATUS ?? v.STATUS ?? '').toUpperCase()];
    if (!status) {
      problem(row, `RSTATUS “${v.RSTATUS ?? v.STATUS}”: not A, P or D.`, ext);
      continue;
    }
    if (String(v.DELETED ?? '').toUpperCase() === 'Y') {
      problem(row, 'The affiliate is deleted in Post Affiliate Pro (DELETED = Y).', ext);
      continue;
    }
    ours.refIds.add(refId.data.toLowerCase());
    const id = crypto.randomUUID();
    affiliateIdOf.set(ext, id);
    plan.affiliates.push({ row, id, refId: refId.data, name: name.slice(0, 100), email: email.data, status, parentExt: v.PARENTUSERID || undefined, createdAt: nowIfBad(v.DATEINSERTED) });
    report.created.affiliates.push({ kind: 'affiliates', externalId: ext, label: `${refId.data} (${name || email.data}, ${status})` });
  }
  for (const a of plan.affiliates)
    if (a.parentExt && !affiliateIdOf.has(a.parentExt))
      problem(a.row, `PARENTUSERID ${a.parentExt} is not an affiliate of this export: imported without a parent.`, a.row.values.USERID);

  // Campaigns.
  const campaignIdOf = new Map(done.campaigns);
  for (const row of byKind('campaigns')) {
    const v = row.values;
    const ext = v.CAMPAIGNID ?? '';
    if (!ext) {
      problem(row, 'CAMPAIGNID is empty.');
      continue;
    }
    if (!firstTime('campaigns', ext)) {
      problem(row, `CAMPAIGNID ${ext} appears twice in the export.`, ext);
      continue;
    }
    if (seen('campaigns', row, ext, v.NAME ?? ext)) continue;
    const name = (v.NAME ?? '').trim();
    if (!name || name.length > 100) {
      problem(row, 'NAME: a campaign needs a name of at most 100 characters.', ext);
      continue;
    }
    const days = v.COOKIELIFETIME ? Number(v.COOKIELIFETIME) : 30;
    if (!Number.isInteger(days) || days < 0 || days > 3650) {
      problem(row, `COOKIELIFETIME “${v.COOKIELIFETIME}”: a whole number of days, 0 to 3650.`, ext);
      continue;
    }
    const id = publicId('cmp');
    campaignIdOf.set(ext, id);
    plan.campaigns.push({ row, id, name, cookieDays: days === 0 ? 30 : days, archived: (v.RSTATUS ?? '').toUpperCase() === 'D' });
    report.created.campaigns.push({ kind: 'campaigns', externalId: ext, label: `${name} (${id})` });
  }
  const campaignOf = (row: PapRow): { id: string } | { problem: string } => {
    const ext = row.values.CAMPAIGNID;
    if (!ext) return defaultCampaign ? { id: defaultCampaign.id } : { problem: 'no CAMPAIGNID, and the program has no default campaign.' };
    const id = campaignIdOf.get(ext);
    return id ? { id } : { problem: `CAMPAIGNID ${ext} is not a campaign of this export.` };
  };

  // Banners: PAP's image (I) and text-link (T) banners.
  for (const row of byKind('banners')) {
    const v = row.values;
    const ext = v.BANNERID ?? '';
    if (!ext) {
      problem(row, 'BANNERID is empty.');
      continue;
    }
    if (!firstTime('banners', ext)) {
      problem(row, `BANNERID ${ext} appears twice in the export.`, ext);
      continue;
    }
    if (seen('banners', row, ext, v.NAME ?? ext)) continue;
    const type = (v.RTYPE ?? '').toUpperCase();
    if (type !== 'I' && type !== 'T') {
      problem(row, `RTYPE “${v.RTYPE}”: only image (I) and text link (T) banners can be imported.`, ext);
      continue;
    }
    const campaign = campaignOf(row);
    if ('problem' in campaign) {
      problem(row, campaign.problem, ext);
      continue;
    }
    const parsed = bannerCreateSchema.safeParse({
      campaignId: campaign.id,
      name: v.NAME ?? '',
      kind: type === 'I' ? 'image' : 'text',
      imageUrl: type === 'I' ? v.DATA1 : null,
      linkText: type === 'T' ? v.DATA1 || v.NAME : null,
      width: v.WIDTH || undefined,
      height: v.HEIGHT || undefined,
      targetUrl: v.DESTINATIONURL ?? '',
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problem(row, `${issue.path.join('.') || 'banner'}: ${issue.message}`, ext);
      continue;
    }
    if (parsed.data.targetUrl) {
      try {
        checkRedirectTarget(parsed.data.targetUrl, merchant.allowedDomains);
      } catch {
        problem(row, `DESTINATIONURL ${parsed.data.targetUrl} is not on one of your allowed domains (Tools › Integration).`, ext);
        continue;
      }
    }
    const id = publicId('bnr');
    plan.banners.push({ row, id, campaignId: campaign.id, data: parsed.data, archived: (v.RSTATUS ?? '').toUpperCase() === 'D' });
    report.created.banners.push({ kind: 'banners', externalId: ext, label: `${parsed.data.name} (${id})` });
  }

  // Coupons, each assigned to an affiliate.
  for (const row of byKind('coupons')) {
    const v = row.values;
    const ext = v.COUPONID || v.COUPONCODE || '';
    if (!ext) {
      problem(row, 'COUPONCODE is empty.');
      continue;
    }
    if (!firstTime('coupons', ext)) {
      problem(row, `Coupon ${ext} appears twice in the export.`, ext);
      continue;
    }
    if (seen('coupons', row, ext, v.COUPONCODE ?? ext)) continue;
    const code = couponCreateSchema.shape.code.safeParse(v.COUPONCODE ?? '');
    if (!code.success) {
      problem(row, `COUPONCODE “${v.COUPONCODE ?? ''}”: ${code.error.issues[0]!.message}`, ext);
      continue;
    }
    const affiliateId = affiliateIdOf.get(v.USERID ?? '');
    if (!affiliateId) {
      problem(row, `USERID ${v.USERID || '(empty)'} is not an affiliate of this export.`, ext);
      continue;
    }
    if (ours.coupons.has(code.data)) {
      problem(row, `Coupon code ${code.data} already exists in this program.`, ext);
      continue;
    }
    ours.coupons.add(code.data);
    const campaignId = v.CAMPAIGNID ? (campaignIdOf.get(v.CAMPAIGNID) ?? null) : null;
    plan.coupons.push({ row, code: code.data, affiliateId, campaignId, active: !['D', 'I'].includes((v.RSTATUS ?? '').toUpperCase()) });
    report.created.coupons.push({ kind: 'coupons', externalId: ext, label: code.data });
  }

  // Commissions: a tier-1 transaction is a conversion with its commission; a higher tier's
  // (PARENTTRANSID) is one more commission of its parent's conversion.
  const conversionOfTrans = new Map<string, string>();
  const orders = new Set<string>();
  const commissionRows = byKind('commissions').sort((a, b) => Number(a.values.TIER || 1) - Number(b.values.TIER || 1));
  const existingOrders = await existingOrderKeys(db, merchantId, commissionRows);
  for (const row of commissionRows) {
    const v = row.values;
    const ext = v.TRANSID ?? '';
    if (!ext) {
      problem(row, 'TRANSID is empty.');
      continue;
    }
    if (!firstTime('commissions', ext)) {
      problem(row, `TRANSID ${ext} appears twice in the export.`, ext);
      continue;
    }
    if (seen('commissions', row, ext, v.ORDERID || ext)) {
      conversionOfTrans.set(ext, `existing:${ext}`);
      continue;
    }
    const type = (v.RTYPE || 'S').toUpperCase();
    if (!SALE_TYPES.has(type) && type !== ACTION_TYPE) {
      problem(row, `RTYPE “${v.RTYPE}”: only sale (S), action (A) and recurring (U) commissions can be imported.`, ext);
      continue;
    }
    const status = COMMISSION_STATUS[(v.RSTATUS ?? '').toUpperCase()];
    if (!status) {
      problem(row, `RSTATUS “${v.RSTATUS ?? ''}”: not A, P or D.`, ext);
      continue;
    }
    const affiliateId = affiliateIdOf.get(v.USERID ?? '');
    if (!affiliateId) {
      problem(row, `USERID ${v.USERID || '(empty)'} is not an affiliate of this export.`, ext);
      continue;
    }
    const campaign = campaignOf(row);
    if ('problem' in campaign) {
      problem(row, campaign.problem, ext);
      continue;
    }
    const campaignCurrency = ours.campaigns.find((c) => c.id === campaign.id)?.currency ?? merchant.defaultCurrency;
    const currency = (v.ORIGINALCURRENCYID || campaignCurrency).toUpperCase();
    const bad = currencyProblem(currency);
    if (bad) {
      problem(row, `ORIGINALCURRENCYID: ${bad}`, ext);
      continue;
    }
    let amount: number;
    let total: number;
    try {
      amount = parseAmount(v.COMMISSION ?? '', currency, 'COMMISSION');
      total = v.TOTALCOST ? parseAmount(v.TOTALCOST, currency, 'TOTALCOST') : 0;
    } catch (e) {
      problem(row, e instanceof Error ? e.message : String(e), ext);
      continue;
    }
    const tier = v.TIER ? Number(v.TIER) : 1;
    if (!Number.isInteger(tier) || tier < 1 || tier > 10) {
      problem(row, `TIER “${v.TIER}”: a whole number from 1 to 10.`, ext);
      continue;
    }
    const paid = status === 'approved' && (v.PAYOUTSTATUS ?? '').toUpperCase() === 'P';
    const finalStatus: CommissionStatus = paid ? 'paid' : status;
    if (tier > 1 && v.PARENTTRANSID) {
      const parent = conversionOfTrans.get(v.PARENTTRANSID);
      if (!parent || parent.startsWith('existing:')) {
        problem(row, parent ? `PARENTTRANSID ${v.PARENTTRANSID} was imported by an earlier run: its tiers cannot be added now.` : `PARENTTRANSID ${v.PARENTTRANSID} is not a transaction of this export that could be imported.`, ext);
        continue;
      }
      conversionOfTrans.set(ext, parent);
      plan.commissions.push({ row, conversionKey: parent, affiliateId, tier, amount, currency, status: finalStatus });
    } else {
      const actionCode = type === ACTION_TYPE ? PAP_ACTION_CODE : '';
      const orderId = (v.ORDERID || `pap-${ext}`).slice(0, 255);
      const key = `${orderId}\u0000${actionCode}`;
      if (orders.has(key) || existingOrders.has(key)) {
        problem(row, `ORDERID ${orderId}: this program already has that order${orders.has(key) ? ' (an earlier row of the export)' : ''}.`, ext);
        continue;
      }
      orders.add(key);
      conversionOfTrans.set(ext, ext);
      plan.commissions.push({
        row,
        conversionKey: ext,
        newConversion: {
          orderId,
          actionCode,
          total,
          currency,
          campaignId: campaign.id,
          affiliateId,
          productId: v.PRODUCTID || null,
          data: [v.DATA1, v.DATA2, v.DATA3, v.DATA4, v.DATA5].map((d) => d || null),
          createdAt: nowIfBad(v.DATEINSERTED),
        },
        affiliateId,
        tier: 1,
        amount,
        currency,
        status: finalStatus,
      });
    }
    report.created.commissions.push({ kind: 'commissions', externalId: ext, label: `${v.ORDERID || ext} · tier ${tier} · ${v.COMMISSION} ${currency} · ${finalStatus}` });
  }
  return plan;
}

async function existingOrderKeys(db: Db | Tx, merchantId: string, rows: PapRow[]): Promise<Set<string>> {
  const ids = [...new Set(rows.map((r) => r.values.ORDERID || `pap-${r.values.TRANSID}`))];
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db
      .select({ orderId: conversions.orderId, actionCode: conversions.actionCode })
      .from(conversions)
      .where(and(eq(conversions.merchantId, merchantId), inArray(conversions.orderId, ids.slice(i, i + 500))));
    for (const f of found) out.add(`${f.orderId}\u0000${f.actionCode}`);
  }
  return out;
}

/** Imports the files (or, with dryRun, only says what it would do). One transaction: all of the plan, or nothing. */
export async function importPap(db: Db, merchantId: string, actor: Actor | null, files: PapFile[], opts: { dryRun: boolean }): Promise<PapImportReport> {
  if (opts.dryRun) return (await planPapImport(db, merchantId, files)).report;
  const report = await db.transaction(async (tx) => {
    // One import of an account at a time: the plan is made and written under this lock.
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId)).for('update');
    const plan = await planPapImport(tx, merchantId, files);
    await writePlan(tx, merchantId, plan);
    const counts = Object.fromEntries(Object.entries(plan.report.created).map(([k, v]) => [k, v.length]));
    if (actor) await audit(tx, merchantId, actor, 'import.pap', { type: 'merchant', id: merchantId }, { ...counts, problems: plan.report.problems.length });
    return { ...plan.report, dryRun: false };
  });
  invalidateLookups();
  return report;
}

async function writePlan(tx: Tx, merchantId: string, plan: Plan): Promise<void> {
  const record = (kind: PapKind, externalId: string, localId: string) => ({ merchantId, source: SOURCE, kind, externalId, localId });
  const records: (typeof importedRecords.$inferInsert)[] = [];
  const affiliateIdOfExt = new Map(plan.affiliates.map((a) => [a.row.values.USERID!, a.id]));
  const known = await tx.select().from(importedRecords).where(and(eq(importedRecords.merchantId, merchantId), eq(importedRecords.source, SOURCE), eq(importedRecords.kind, 'affiliates')));
  for (const k of known) affiliateIdOfExt.set(k.externalId, k.localId);
  if (plan.affiliates.length) {
    await tx.insert(affiliates).values(
      plan.affiliates.map((a) => ({
        id: a.id,
        merchantId,
        refId: a.refId,
        name: a.name,
        email: a.email,
        status: a.status,
        parentId: a.parentExt ? (affiliateIdOfExt.get(a.parentExt) ?? null) : null,
        ...(a.createdAt ? { createdAt: a.createdAt } : {}),
      })),
    );
    records.push(...plan.affiliates.map((a) => record('affiliates', a.row.values.USERID!, a.id)));
  }
  if (plan.campaigns.length) {
    const [merchant] = await tx.select({ currency: merchants.defaultCurrency }).from(merchants).where(eq(merchants.id, merchantId));
    await tx.insert(campaigns).values(plan.campaigns.map((c) => ({ id: c.id, merchantId, name: c.name, cookieDays: c.cookieDays, currency: merchant!.currency, archived: c.archived })));
    records.push(...plan.campaigns.map((c) => record('campaigns', c.row.values.CAMPAIGNID!, c.id)));
  }
  if (plan.banners.length) {
    await tx.insert(banners).values(
      plan.banners.map((b) => ({
        id: b.id,
        merchantId,
        campaignId: b.campaignId,
        name: b.data.name,
        kind: b.data.kind,
        imageUrl: b.data.imageUrl,
        width: b.data.width,
        height: b.data.height,
        linkText: b.data.linkText,
        targetUrl: b.data.targetUrl || null,
        archived: b.archived,
      })),
    );
    records.push(...plan.banners.map((b) => record('banners', b.row.values.BANNERID!, b.id)));
  }
  if (plan.coupons.length) {
    const made = await tx
      .insert(coupons)
      .values(plan.coupons.map((c) => ({ merchantId, code: c.code, affiliateId: c.affiliateId, campaignId: c.campaignId, active: c.active })))
      .returning({ id: coupons.id, code: coupons.code });
    const idOf = new Map(made.map((m) => [m.code, m.id]));
    records.push(...plan.coupons.map((c) => record('coupons', c.row.values.COUPONID || c.row.values.COUPONCODE!, idOf.get(c.code)!)));
  }
  const conversionIdOf = new Map<string, string>();
  for (const c of plan.commissions) {
    const n = c.newConversion;
    if (!n) continue;
    const id = crypto.randomUUID();
    conversionIdOf.set(c.conversionKey, id);
    await tx.insert(conversions).values({
      id,
      merchantId,
      campaignId: n.campaignId,
      orderId: n.orderId,
      actionCode: n.actionCode,
      total: n.total,
      currency: n.currency,
      status: 'attributed',
      method: 'explicit',
      affiliateId: n.affiliateId,
      productId: n.productId,
      data1: n.data[0],
      data2: n.data[1],
      data3: n.data[2],
      data4: n.data[3],
      data5: n.data[4],
      source: 'import:pap',
      // The merchant's own records, brought over by the merchant.
      verified: true,
      ...(n.createdAt ? { createdAt: n.createdAt } : {}),
    });
  }
  if (plan.commissions.length) {
    await tx.insert(commissions).values(
      plan.commissions.map((c) => ({
        merchantId,
        conversionId: conversionIdOf.get(c.conversionKey)!,
        affiliateId: c.affiliateId,
        tier: c.tier,
        amount: c.amount,
        originalAmount: c.amount,
        currency: c.currency,
        status: c.status,
      })),
    );
    records.push(...plan.commissions.map((c) => record('commissions', c.row.values.TRANSID!, conversionIdOf.get(c.conversionKey)!)));
  }
  for (let i = 0; i < records.length; i += 500) await tx.insert(importedRecords).values(records.slice(i, i + 500));
}
