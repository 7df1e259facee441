'use client';
// The chosen measure of a report over time (the selection's totals per day, week or month).
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function ReportChart({ points, label }: { points: { period: string; value: number }[]; label: string }) {
  return (
    <div className="h-64 w-full" role="img" aria-label={`${label} over time`} data-testid="report-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="period" fontSize={12} minTickGap={16} />
          <YAxis fontSize={12} width={56} />
          <Tooltip />
          <Line type="monotone" dataKey="value" name={label} stroke="#2563eb" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
