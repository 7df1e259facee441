'use client';
// Clicks and conversions per day, with the commissions credited (in the main currency) on a second axis.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartPoint {
  day: string;
  clicks: number;
  conversions: number;
  commissions: number;
}

export function ActivityChart({ data, currency, exponent }: { data: ChartPoint[]; currency: string; exponent: number }) {
  const points = data.map((d) => ({ ...d, earned: d.commissions / 10 ** exponent }));
  const money = (v: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: exponent }).format(v);
  return (
    <div className="h-72 w-full" role="img" aria-label="Clicks, conversions and commissions per day">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} minTickGap={16} />
          <YAxis yAxisId="count" allowDecimals={false} fontSize={12} width={40} />
          <YAxis yAxisId="money" orientation="right" fontSize={12} width={64} tickFormatter={money} />
          <Tooltip formatter={(value, name) => (name === 'Commissions' ? money(Number(value)) : value)} />
          <Legend />
          <Bar yAxisId="count" dataKey="clicks" name="Clicks" fill="#93c5fd" />
          <Bar yAxisId="count" dataKey="conversions" name="Conversions" fill="#2563eb" />
          <Line yAxisId="money" type="monotone" dataKey="earned" name="Commissions" stroke="#059669" strokeWidth={2} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
