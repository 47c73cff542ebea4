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

export type CreateAssignmentInput = {
  classId: string;
  dueAt?: string | null | undefined;
  params?: Array<TeachingParamInput> | null | undefined;
  questions?: Array<CustomQuestionInput> | null | undefined;
  template: string;
  title: string;
};

export type CreateClassInput = {
  name: string;
  sectors: Array<string>;
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

export type CustomQuestionInput = {
  expected: number;
  prompt: string;
  tolerance: number;
  unit?: string | null | undefined;
};

export type JoinClassInput = {
  code: string;
  email: string;
  name: string;
  password: string;
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

export type MemberProfileInput = {
  capacityEn?: string | null | undefined;
  capacityZh?: string | null | undefined;
  certifications?: Array<string> | null | undefined;
  companyEn: string;
  companyZh: string;
  exportMarkets?: Array<string> | null | undefined;
  priceUsdPerTon?: number | null | undefined;
  productsEn: Array<string>;
  productsZh: Array<string>;
  sectors: Array<string>;
};

export type MembershipStatus =
  | 'ACTIVE'
  | 'DECLINED'
  | 'ENDED'
  | 'INVITED';

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

/** A figure of a sector's latest market report that a portal may show publicly. */
export type PortalFigure =
  | 'CHINA_SHARE'
  | 'IMPORTS'
  | 'OPPORTUNITY'
  | 'PRICES';

export type PortalInput = {
  accentColor: string;
  featuredSectors: Array<string>;
  /** A DNS name such as portal.example.org; empty for none. */
  hostName?: string | null | undefined;
  introEn?: string | null | undefined;
  introZh?: string | null | undefined;
  logoUrl?: string | null | undefined;
  nameEn: string;
  nameZh: string;
  /** Hex colours like #1a5fb4. */
  primaryColor: string;
  publicFigures: Array<PortalFigure>;
  /** 3-40 lower-case letters, digits and hyphens. */
  slug: string;
};

export type PublishPortalReportInput = {
  /** Membership IDs; empty or absent publishes to every active member. */
  memberIds?: Array<string> | null | undefined;
  /** The ID of one of the association's finished report builds. */
  reportId: string;
  titleEn: string;
  titleZh: string;
};

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

export type TeachingParamInput = {
  key: string;
  value: string;
};

export type TeachingQuestionKind =
  | 'ADAPTER'
  | 'NUMERIC'
  | 'RANKING';

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

export type PortalMeQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalMeQuery = { me: { id: string, role: Role, tenant: { id: string, name: string, kind: TenantKind } } };

export type MyPortalQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPortalQuery = { myPortal: { slug: string, hostName: string, nameZh: string, nameEn: string, introZh: string, introEn: string, logoUrl: string, hasLogoImage: boolean, primaryColor: string, accentColor: string, featuredSectors: Array<string>, publicFigures: Array<PortalFigure>, path: string } | null, sectors: Array<{ slug: string, name: { zh: string, en: string } }> };

export type SavePortalMutationVariables = Exact<{
  input: PortalInput;
}>;


export type SavePortalMutation = { savePortal: { slug: string, hostName: string, nameZh: string, nameEn: string, introZh: string, introEn: string, logoUrl: string, hasLogoImage: boolean, primaryColor: string, accentColor: string, featuredSectors: Array<string>, publicFigures: Array<PortalFigure>, path: string } };

export type SetPortalLogoMutationVariables = Exact<{
  data: string;
}>;


export type SetPortalLogoMutation = { setPortalLogo: { hasLogoImage: boolean } };

export type PortalMembersQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalMembersQuery = { portalMembers: Array<{ id: string, memberName: string, status: MembershipStatus, invitedAt: string, acceptedAt: string | null, endedAt: string | null }>, portalInquiryStats: { inquiries: number, unrouted: number, deliveries: number, responded: number, responseRate: number | null, bySector: Array<{ sector: string, inquiries: number }>, byMember: Array<{ membershipId: string, member: string, received: number, responded: number, responseRate: number | null }> }, portalReports: Array<{ id: string, titleZh: string, titleEn: string, sector: string, audience: string, recipients: number, createdAt: string }>, sectors: Array<{ slug: string, name: { zh: string, en: string } }> };

export type InvitePortalMemberMutationVariables = Exact<{
  email: string;
}>;


export type InvitePortalMemberMutation = { invitePortalMember: { id: string, memberName: string, status: MembershipStatus } };

export type EndMembershipMutationVariables = Exact<{
  id: string;
}>;


export type EndMembershipMutation = { endPortalMembership: { id: string, status: MembershipStatus } };

export type PublishReportMutationVariables = Exact<{
  input: PublishPortalReportInput;
}>;


export type PublishReportMutation = { publishPortalReport: { id: string } };

export type MemberHomeQueryVariables = Exact<{ [key: string]: never; }>;


export type MemberHomeQuery = { myMemberships: Array<{ id: string, associationName: string, status: MembershipStatus, invitedAt: string, acceptedAt: string | null }>, memberProfile: { companyZh: string, companyEn: string, sectors: Array<string>, productsZh: Array<string>, productsEn: Array<string>, certifications: Array<string>, exportMarkets: Array<string>, capacityZh: string, capacityEn: string, priceUsdPerTon: number | null, updatedAt: string } | null, sectors: Array<{ slug: string, name: { zh: string, en: string } }> };

export type AnswerInvitationMutationVariables = Exact<{
  id: string;
  accept: boolean;
}>;


export type AnswerInvitationMutation = { answerPortalInvitation: { id: string, status: MembershipStatus } };

export type SaveMemberProfileMutationVariables = Exact<{
  input: MemberProfileInput;
}>;


export type SaveMemberProfileMutation = { saveMemberProfile: { companyZh: string, updatedAt: string } };

export type InboxQueryVariables = Exact<{ [key: string]: never; }>;


export type InboxQuery = { inquiryInbox: Array<{ id: string, associationName: string, sector: string, product: string, quantity: string, destination: string, contactName: string, contactEmail: string, message: string, createdAt: string, respondedAt: string | null }>, sectors: Array<{ slug: string, name: { zh: string, en: string } }> };

export type MarkRespondedMutationVariables = Exact<{
  id: string;
}>;


export type MarkRespondedMutation = { markInquiryResponded: { id: string, respondedAt: string | null } };

export type BenchmarksQueryVariables = Exact<{ [key: string]: never; }>;


export type BenchmarksQuery = { peerBenchmarks: Array<{ associationName: string, price: { available: boolean, contributors: number, minContributors: number, own: number | null, p25: number | null, median: number | null, p75: number | null, percentile: number | null }, marketSpread: { available: boolean, contributors: number, minContributors: number, own: number | null, p25: number | null, median: number | null, p75: number | null, percentile: number | null } }>, portalReports: Array<{ id: string, associationName: string, titleZh: string, titleEn: string, sector: string, createdAt: string }> };

export type PortalReportDocumentQueryVariables = Exact<{
  id: string;
}>;


export type PortalReportDocumentQuery = { portalReport: { document: unknown, report: { id: string, titleZh: string, titleEn: string, associationName: string, createdAt: string } } };

export type TeachingClassesQueryVariables = Exact<{ [key: string]: never; }>;


export type TeachingClassesQuery = { me: { id: string, role: Role, tenant: { id: string, kind: TenantKind, plan: string } }, teachingClasses: Array<{ id: string, name: string, sectors: Array<string>, joinCode: string, closed: boolean, closedAt: string | null, createdAt: string, students: number, snapshotId: string }> };

export type CreateClassMutationVariables = Exact<{
  input: CreateClassInput;
}>;


export type CreateClassMutation = { createClass: { id: string, name: string, sectors: Array<string>, joinCode: string, closed: boolean, closedAt: string | null, createdAt: string, students: number, snapshotId: string } };

export type RotateJoinCodeMutationVariables = Exact<{
  classId: string;
}>;


export type RotateJoinCodeMutation = { rotateJoinCode: { id: string, name: string, sectors: Array<string>, joinCode: string, closed: boolean, closedAt: string | null, createdAt: string, students: number, snapshotId: string } };

export type CloseClassMutationVariables = Exact<{
  classId: string;
}>;


export type CloseClassMutation = { closeClass: { id: string, name: string, sectors: Array<string>, joinCode: string, closed: boolean, closedAt: string | null, createdAt: string, students: number, snapshotId: string } };

export type JoinClassMutationVariables = Exact<{
  input: JoinClassInput;
}>;


export type JoinClassMutation = { joinClass: { token: string, expiresAt: string, user: { id: string, email: string, role: Role }, tenant: { id: string, name: string, kind: TenantKind, plan: string } } };

export type ResetStudentPasswordMutationVariables = Exact<{
  classId: string;
  studentId: string;
}>;


export type ResetStudentPasswordMutation = { resetStudentPassword: string };

export type TeacherClassQueryVariables = Exact<{
  id: string;
}>;


export type TeacherClassQuery = { teachingClass: { id: string, name: string, sectors: Array<string>, joinCode: string, closed: boolean, closedAt: string | null, createdAt: string, students: number, snapshotId: string }, teachingStudents: Array<{ id: string, name: string, email: string, joinedAt: string }>, teachingTemplates: Array<{ key: string, titleZh: string, titleEn: string, descriptionZh: string, descriptionEn: string, params: Array<string> }>, teachingDashboard: { students: number, assignments: Array<{ done: number, started: number, average: number, assignment: { id: string, classId: string, title: string, template: string, dueAt: string | null, revealed: boolean, createdAt: string, snapshotId: string, params: Array<{ key: string, value: string }>, questions: Array<{ id: string, position: number, kind: TeachingQuestionKind, prompt: string, unit: string, tolerance: number, expected: { value: number | null, order: Array<string> | null, store: string | null, pass: number | null } | null }> } }>, gradebook: { assignments: Array<{ id: string, title: string }>, rows: Array<{ total: number, student: { id: string, name: string, email: string }, cells: Array<{ assignmentId: string, answered: number, questions: number, correct: number, score: number }> }> } } };

export type GradebookCsvQueryVariables = Exact<{
  classId: string;
}>;


export type GradebookCsvQuery = { teachingGradebookCsv: string };

export type CreateAssignmentMutationVariables = Exact<{
  input: CreateAssignmentInput;
}>;


export type CreateAssignmentMutation = { createAssignment: { id: string, classId: string, title: string, template: string, dueAt: string | null, revealed: boolean, createdAt: string, snapshotId: string, params: Array<{ key: string, value: string }>, questions: Array<{ id: string, position: number, kind: TeachingQuestionKind, prompt: string, unit: string, tolerance: number, expected: { value: number | null, order: Array<string> | null, store: string | null, pass: number | null } | null }> } };

export type RevealAnswersMutationVariables = Exact<{
  assignmentId: string;
}>;


export type RevealAnswersMutation = { revealAnswers: { id: string, revealed: boolean } };

export type StudentClassQueryVariables = Exact<{
  id: string;
}>;


export type StudentClassQuery = { teachingClass: { id: string, name: string, sectors: Array<string>, joinCode: string, closed: boolean, closedAt: string | null, createdAt: string, students: number, snapshotId: string }, teachingAssignments: Array<{ id: string, classId: string, title: string, template: string, dueAt: string | null, revealed: boolean, createdAt: string, snapshotId: string, params: Array<{ key: string, value: string }>, questions: Array<{ id: string, position: number, kind: TeachingQuestionKind, prompt: string, unit: string, tolerance: number, expected: { value: number | null, order: Array<string> | null, store: string | null, pass: number | null } | null }> }>, teachingMyAnswers: Array<{ questionId: string, assignmentId: string, value: string, correct: boolean, score: number, detail: string, submittedAt: string }> };

export type SubmitAnswerMutationVariables = Exact<{
  questionId: string;
  value: string;
}>;


export type SubmitAnswerMutation = { submitAnswer: { answer: { questionId: string, assignmentId: string, value: string, correct: boolean, score: number, detail: string, submittedAt: string }, expected: { value: number | null, order: Array<string> | null, store: string | null, pass: number | null } | null, lab: { store: string, pages: number, errors: Array<string>, rows: Array<{ page: string, pageUrl: string, title: string, brand: string, seller: string, price: number | null, currency: string, rating: number | null, reviewCount: number, sku: string, url: string }> } | null } };

export type RunCrawlerLabMutationVariables = Exact<{
  yaml: string;
  keyword?: string | null | undefined;
  startUrl?: string | null | undefined;
}>;


export type RunCrawlerLabMutation = { runCrawlerLab: { store: string, pages: number, errors: Array<string>, rows: Array<{ page: string, pageUrl: string, title: string, brand: string, seller: string, price: number | null, currency: string, rating: number | null, reviewCount: number, sku: string, url: string }> } };

export type TeachingListingsQueryVariables = Exact<{
  classId: string;
  assignmentId?: string | null | undefined;
  query?: string | null | undefined;
  filter?: ListingFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type TeachingListingsQuery = { teachingListings: { totalCount: number, edges: Array<{ node: { id: string, title: string, marketplace: string, country: string, price: { amount: number, currency: string, usd: number | null } | null } }> } };

export type TeachingMarketReportQueryVariables = Exact<{
  classId: string;
  assignmentId?: string | null | undefined;
  sector: string;
  market?: string | null | undefined;
}>;


export type TeachingMarketReportQuery = { teachingMarketReport: unknown };
