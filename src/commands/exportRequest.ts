/** What one export asks for: the commands' argument object, and the checked request it becomes. */
import type { DateRange } from '../core/dateRange';
import type { ExportType, GroupBy } from '../shared/exportType';

/** The argument object of the export commands (keybindings, tasks, tests): it skips the prompts. */
export interface ExportArgs {
  type?: ExportType;
  from: string;
  to: string;
  timezone?: string;
  groupBy?: GroupBy | null;
  /** Open the table when done (default true). */
  open?: boolean;
}

export interface ExportRequest {
  type: ExportType;
  range: DateRange;
  groupBy?: GroupBy;
  open: boolean;
  /** A trend's period: saved outside the recent list (the trend is the entry there). */
  hidden?: boolean;
}
