/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type CreateReportInput = {
  /** Brand reports: the brand. */
  brand?: string | null | undefined;
  kind: ReportKind;
  /** Market reports: an ISO 3166-1 alpha-2 country; empty for every market. */
  market?: string | null | undefined;
  /** A sector slug (see sectors). */
  sector: string;
};

export type ListingFilter = {
  brands?: Array<string> | null | undefined;
  countries?: Array<string> | null | undefined;
  marketplaces?: Array<string> | null | undefined;
  maxPriceUSD?: number | null | undefined;
  minPriceUSD?: number | null | undefined;
  minRating?: number | null | undefined;
  sectors?: Array<string> | null | undefined;
  sellerCountries?: Array<string> | null | undefined;
};

export type ListingSort =
  | 'NEWEST'
  | 'PRICE_ASC'
  | 'PRICE_DESC'
  | 'RATING_DESC'
  | 'RELEVANCE'
  | 'REVIEWS_DESC';

export type ReportKind =
  | 'BRAND'
  | 'MARKET';

export type ReportStatus =
  | 'CANCELLED'
  | 'DONE'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'OWNER'
  | 'STUDENT'
  | 'TEACHER'
  | 'VIEWER';

export type SignUpInput = {
  email: string;
  password: string;
  tenantKind: TenantKind;
  tenantName: string;
};

export type TenantKind =
  | 'ASSOCIATION'
  | 'EXPORTER'
  | 'TRAINING_BASE';

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp: { token: string, expiresAt: string, user: { id: string, email: string, role: Role }, tenant: { id: string, name: string, kind: TenantKind, plan: string } } };

export type SignInMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type SignInMutation = { signIn: { token: string, expiresAt: string, user: { id: string, email: string, role: Role }, tenant: { id: string, name: string, kind: TenantKind, plan: string } } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, role: Role, tenant: { id: string, name: string, kind: TenantKind, plan: string } } };

export type SectorsQueryVariables = Exact<{ [key: string]: never; }>;


export type SectorsQuery = { sectors: Array<{ slug: string, hs: Array<string>, custom: boolean, name: { zh: string, en: string } }> };

export type ListingsQueryVariables = Exact<{
  query?: string | null | undefined;
  filter?: ListingFilter | null | undefined;
  sort?: ListingSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListingsQuery = { listings: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, facets: Array<{ field: string, buckets: Array<{ key: string, count: number }> }>, edges: Array<{ node: { id: string, title: string, brand: string | null, seller: string | null, sellerCountry: string | null, marketplace: string, country: string, category: string | null, sectors: Array<string>, rating: number | null, reviewCount: number, url: string, firstSeen: string, lastSeen: string, price: { amount: number, currency: string, usd: number | null, cny: number | null } | null } }> } };

export type CreateReportMutationVariables = Exact<{
  input: CreateReportInput;
}>;


export type CreateReportMutation = { createReport: { id: string, kind: ReportKind, status: ReportStatus, progress: number, sector: string, market: string | null, brand: string | null, createdAt: string } };

export type ReportQueryVariables = Exact<{
  id: string;
}>;


export type ReportQuery = { report: { id: string, kind: ReportKind, status: ReportStatus, progress: number, sector: string, market: string | null, brand: string | null, createdAt: string, finishedAt: string | null, result: unknown } };
