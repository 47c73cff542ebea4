/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type AcceptInvitationInput = {
  password: string;
  token: string;
};

export type BrandFilter = {
  /** ISO alpha-2 storefront country. */
  market?: string | null | undefined;
  marketplace?: string | null | undefined;
  sector?: string | null | undefined;
};

export type CreateApiKeyInput = {
  name: string;
  role: Role;
};

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

/** The plans sold through Stripe Checkout. */
export type PaidPlan =
  | 'ASSOCIATION'
  | 'EDUCATION'
  | 'PRO';

/** A tenant's plan. */
export type Plan =
  | 'ASSOCIATION'
  | 'EDUCATION'
  | 'FREE'
  | 'PRO';

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

export type WatchKind =
  /** A new brand entered a market's top 20 for a sector. */
  | 'BRAND_TOP20'
  /** A market's imports of a sector jumped more than thresholdPct year on year. */
  | 'IMPORTS_JUMP'
  /** A tracked listing's price moved more than thresholdPct. */
  | 'LISTING_PRICE';

export type WatchlistInput = {
  brand?: string | null | undefined;
  kind: WatchKind;
  listingId?: string | null | undefined;
  market?: string | null | undefined;
  sector?: string | null | undefined;
  /** Default 10. */
  thresholdPct?: number | null | undefined;
};

export type BillingQueryVariables = Exact<{ [key: string]: never; }>;


export type BillingQuery = { billing: { plan: Plan, status: string, entitlements: { sectors: number | null, reportsPerMonth: number | null, seats: number | null, apiAccess: boolean, portal: boolean, classes: number | null }, usage: { period: string, reportsThisMonth: number, reportLimit: number | null, seats: number, seatLimit: number | null } } };

export type CheckoutMutationVariables = Exact<{
  plan: PaidPlan;
}>;


export type CheckoutMutation = { checkout: string };

export type BillingPortalMutationVariables = Exact<{ [key: string]: never; }>;


export type BillingPortalMutation = { billingPortal: string };

export type ListingDetailQueryVariables = Exact<{
  id: string;
}>;


export type ListingDetailQuery = { listing: { listing: { id: string, title: string, brand: string | null, seller: string | null, sellerCountry: string | null, marketplace: string, country: string, category: string | null, sectors: Array<string>, rating: number | null, reviewCount: number, url: string, firstSeen: string, lastSeen: string, price: { amount: number, currency: string, usd: number | null, cny: number | null } | null }, history: Array<{ time: string, rating: number | null, reviewCount: number, salesRank: number | null, price: { amount: number, currency: string, usd: number | null } | null }> } };

export type ReportsListQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReportsListQuery = { reports: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: ReportKind, status: ReportStatus, progress: number, sector: string, market: string | null, brand: string | null, createdAt: string, finishedAt: string | null, error: string | null } }> } };

export type ReportFullQueryVariables = Exact<{
  id: string;
}>;


export type ReportFullQuery = { report: { id: string, kind: ReportKind, status: ReportStatus, progress: number, sector: string, market: string | null, brand: string | null, createdAt: string, finishedAt: string | null, error: string | null, result: unknown, exports: { json: string, csv: string, xlsx: string, html: string } | null } };

export type ReportProgressSubSubscriptionVariables = Exact<{
  id: string;
}>;


export type ReportProgressSubSubscription = { reportProgress: { id: string, kind: ReportKind, status: ReportStatus, progress: number, sector: string, market: string | null, brand: string | null, createdAt: string, finishedAt: string | null, error: string | null } };

export type CreateReportFullMutationVariables = Exact<{
  input: CreateReportInput;
}>;


export type CreateReportFullMutation = { createReport: { id: string, kind: ReportKind, status: ReportStatus, progress: number, sector: string, market: string | null, brand: string | null, createdAt: string, finishedAt: string | null, error: string | null } };

export type MarketsQueryVariables = Exact<{ [key: string]: never; }>;


export type MarketsQuery = { markets: Array<{ code: string, name: { zh: string, en: string } }> };

export type TeamQueryVariables = Exact<{ [key: string]: never; }>;


export type TeamQuery = { me: { id: string, email: string, role: Role }, members: Array<{ id: string, email: string, role: Role, createdAt: string }>, invitations: Array<{ id: string, email: string, role: Role, expiresAt: string, acceptedAt: string | null, revokedAt: string | null, invitedBy: { email: string } | null }> };

export type InviteMemberMutationVariables = Exact<{
  email: string;
  role: Role;
}>;


export type InviteMemberMutation = { inviteMember: { token: string, invitation: { id: string, email: string, role: Role, expiresAt: string } } };

export type RevokeInvitationMutationVariables = Exact<{
  id: string;
}>;


export type RevokeInvitationMutation = { revokeInvitation: { id: string, revokedAt: string | null } };

export type SetMemberRoleMutationVariables = Exact<{
  id: string;
  role: Role;
}>;


export type SetMemberRoleMutation = { setMemberRole: { id: string, role: Role } };

export type RemoveMemberMutationVariables = Exact<{
  id: string;
}>;


export type RemoveMemberMutation = { removeMember: boolean };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, role: Role, prefix: string, createdAt: string, revokedAt: string | null }> };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string, key: { id: string, name: string, role: Role, prefix: string, createdAt: string, revokedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null } };

export type SellerListsQueryVariables = Exact<{ [key: string]: never; }>;


export type SellerListsQuery = { authorisedSellers: Array<{ brand: string, seller: string, marketplace: string | null }>, minPrices: Array<{ brand: string, gtin: string | null, sku: string | null, country: string | null, currency: string, minPrice: number }> };

export type UploadAuthorisedSellersMutationVariables = Exact<{
  csv: string;
}>;


export type UploadAuthorisedSellersMutation = { uploadAuthorisedSellers: { accepted: number, errors: Array<{ row: number, column: string | null, message: string }> } };

export type UploadMinPricesMutationVariables = Exact<{
  csv: string;
}>;


export type UploadMinPricesMutation = { uploadMinPrices: { accepted: number, errors: Array<{ row: number, column: string | null, message: string }> } };

export type AcceptInvitationMutationVariables = Exact<{
  input: AcceptInvitationInput;
}>;


export type AcceptInvitationMutation = { acceptInvitation: { token: string, user: { id: string, email: string, role: Role }, tenant: { id: string, name: string } } };

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

export type WatchQueryVariables = Exact<{
  unreadOnly?: boolean | null | undefined;
  first?: number | null | undefined;
}>;


export type WatchQuery = { watchlists: Array<{ id: string, kind: WatchKind, listingId: string | null, sector: string | null, market: string | null, brand: string | null, thresholdPct: number, createdAt: string, checkedAt: string | null }>, alerts: Array<{ id: string, watchlistId: string, kind: WatchKind, message: string, createdAt: string, readAt: string | null }> };

export type BrandsQueryVariables = Exact<{
  filter?: BrandFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type BrandsQuery = { brands: Array<{ brand: string, listings: number, sharePct: number, medianPriceUSD: number | null, reviews: number }> };

export type CreateWatchlistMutationVariables = Exact<{
  input: WatchlistInput;
}>;


export type CreateWatchlistMutation = { createWatchlist: { id: string, kind: WatchKind, listingId: string | null, sector: string | null, market: string | null, brand: string | null, thresholdPct: number, createdAt: string, checkedAt: string | null } };

export type DeleteWatchlistMutationVariables = Exact<{
  id: string;
}>;


export type DeleteWatchlistMutation = { deleteWatchlist: boolean };

export type MarkAlertReadMutationVariables = Exact<{
  id: string;
}>;


export type MarkAlertReadMutation = { markAlertRead: { id: string, readAt: string | null } };

export type CheckAlertsMutationVariables = Exact<{ [key: string]: never; }>;


export type CheckAlertsMutation = { checkAlerts: { id: string, kind: string, status: ReportStatus, progress: number, error: string | null } };

export type JobQueryVariables = Exact<{
  id: string;
}>;


export type JobQuery = { job: { id: string, kind: string, status: ReportStatus, progress: number, error: string | null } };
