/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
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
