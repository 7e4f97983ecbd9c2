/** The keys of the cost columns the pricing adds (core/pricing/costColumns.ts), read by both sides by these names. */
export const COST_KEYS = {
  cost: 'cost:usd',
  difference: 'cost:difference',
  whatIf: 'whatif:cost',
  change: 'whatif:change',
  changeShare: 'whatif:change_share',
} as const;
