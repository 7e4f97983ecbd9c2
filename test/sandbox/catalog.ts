/**
 * The vocabulary of the synthetic workspaces: models with their providers and list prices, sources, deployments,
 * people, agents, projects and API keys. Some names carry commas and quotes on purpose, so that every consumer
 * is exercised against proper CSV quoting.
 */

export interface ModelEntry {
  name: string;
  provider: string;
  /** USD per 1M input tokens / output tokens, used for BYOK cost columns. */
  inputPrice: number;
  outputPrice: number;
}

export const MODELS: readonly ModelEntry[] = [
  { name: 'gpt-4.1', provider: 'openai', inputPrice: 2, outputPrice: 8 },
  { name: 'gpt-4.1-mini', provider: 'openai', inputPrice: 0.4, outputPrice: 1.6 },
  { name: 'gpt-4o', provider: 'openai', inputPrice: 2.5, outputPrice: 10 },
  { name: 'o3', provider: 'openai', inputPrice: 2, outputPrice: 8 },
  { name: 'claude-sonnet-4', provider: 'anthropic', inputPrice: 3, outputPrice: 15 },
  { name: 'claude-opus-4', provider: 'anthropic', inputPrice: 15, outputPrice: 75 },
  { name: 'claude-3-5-haiku', provider: 'anthropic', inputPrice: 0.8, outputPrice: 4 },
  { name: 'gemini-2.5-pro', provider: 'google', inputPrice: 1.25, outputPrice: 10 },
  { name: 'gemini-2.5-flash', provider: 'google', inputPrice: 0.3, outputPrice: 2.5 },
  { name: 'mistral-large', provider: 'mistral', inputPrice: 2, outputPrice: 6 },
  { name: 'llama-3.3-70b', provider: 'meta', inputPrice: 0.72, outputPrice: 0.72 },
  { name: 'deepseek-r1', provider: 'deepseek', inputPrice: 1.35, outputPrice: 5.4 },
];

export const SOURCES: readonly string[] = ['WEB', 'MOBILE', 'API', 'SLACK', 'TEAMS'];

/** Where a BYOK workspace runs each provider's models. */
export const DEPLOYMENTS: Readonly<Record<string, readonly string[]>> = {
  openai: ['azure-openai-swedencentral', 'openai-direct'],
  anthropic: ['bedrock-eu-central-1', 'anthropic-direct'],
  google: ['vertex-europe-west4'],
  mistral: ['azure-mistral-francecentral'],
  meta: ['bedrock-eu-central-1'],
  deepseek: ['azure-foundry-westeurope'],
};

/** Usage of a non-BYOK model in a BYOK workspace runs on Langdock's own deployment. */
export const MANAGED_DEPLOYMENT = 'langdock-managed';

export const FIRST_NAMES: readonly string[] = [
  'Anna',
  'Jonas',
  'Lea',
  'Mehmet',
  'Sofia',
  'Lukas',
  'Chloé',
  'Noah',
  'Amira',
  'Felix',
  'Mia',
  'Björn',
  'Zoë',
  'Ravi',
];
export const LAST_NAMES: readonly string[] = [
  'Müller',
  'Schmidt',
  "O'Brien",
  'Nguyen',
  'Rossi',
  'Kowalski',
  'García',
  'Fischer',
  'Yilmaz',
  'Dubois',
  'Weber',
];
/** One department is empty (people without one) and one has a comma and quotes, as real directories do. */
export const DEPARTMENTS: readonly string[] = [
  'Engineering',
  'Sales',
  'Legal',
  'Marketing',
  'Finance',
  'R&D, "Labs" Europe',
  '',
];
export const ROLES: readonly string[] = ['member', 'member', 'member', 'editor', 'admin'];
export const LICENSES: readonly string[] = ['standard', 'standard', 'power_user'];

export const AGENT_NAMES: readonly string[] = [
  'Contract "Reviewer"',
  'Sales Coach',
  'HR Policies, Q&A',
  'SQL Helper',
  'Translator DE/EN',
  'Release Notes Writer',
  'Onboarding Buddy',
  'Legal, "strict" mode',
  'Marketing Copy',
  'Ticket Triage',
];
export const PROJECT_NAMES: readonly string[] = [
  'Q3 Planning, EMEA',
  'Website Relaunch',
  'Due Diligence "Falcon"',
  'Customer Research',
  'Hiring 2026',
  'Board Deck',
  'Pricing Study',
];
export const API_KEY_NAMES: readonly string[] = [
  'CI, staging "blue"',
  'Support bot',
  'Data pipeline',
  'Internal wiki search',
  'Zapier',
  'Analytics notebook',
];
export const ACTIONS: readonly string[] = [
  'Jira_Search for issues',
  'Confluence_Get page',
  'Google Drive_Search files',
  'Slack_Send message',
  'Web search',
];
