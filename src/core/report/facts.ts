/** The lines under a report's title (what, where, when) and the line that says how it was made. */
import type { DateRange } from '../dates/dateRange';
import { groupingLabelIn, rangeLabel } from './usageNames';
import type { ExportFacts, ReportContext } from './model';

export function factsOf(
  facts: ExportFacts,
  ctx: ReportContext,
  range: Pick<DateRange, 'from' | 'to' | 'timezone'> | undefined,
): [string, string][] {
  const { t } = ctx;
  const lines: [string, string][] = [];
  if (facts.host) lines.push([t('Workspace'), facts.host]);
  if (range) lines.push([t('Period'), rangeLabel(range)]);
  lines.push([t('Timezone'), range?.timezone || t('not recorded (days as in the file)')]);
  if (facts.groupBy) lines.push([t('Grouping'), groupingLabelIn(facts.groupBy, t)]);
  if (facts.exportedAt) lines.push([t('Exported'), facts.exportedAt]);
  if (facts.fileName) lines.push([t('Source file'), facts.fileName]);
  return lines;
}

/** "Made 2026-12-07 04:10 UTC by langdock-usage 0.1.0 from models.csv." */
export function madeLine(ctx: ReportContext, fileName: string | undefined): string {
  const when = `${ctx.now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return fileName
    ? ctx.t('Made {0} by {1} from {2}.', when, ctx.generator, fileName)
    : ctx.t('Made {0} by {1}.', when, ctx.generator);
}
