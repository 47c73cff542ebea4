// The teaching mode's GraphQL operations (graph/teaching.graphqls).
// graphql-codegen writes their types to src/api/generated.ts.

export const TeachingClassesDoc = /* GraphQL */ `
  query TeachingClasses {
    me { id role tenant { id kind plan } }
    teachingClasses { id name sectors joinCode closed closedAt createdAt students snapshotId }
  }
`;

export const CreateClassDoc = /* GraphQL */ `
  mutation CreateClass($input: CreateClassInput!) {
    createClass(input: $input) { id name sectors joinCode closed closedAt createdAt students snapshotId }
  }
`;

export const RotateJoinCodeDoc = /* GraphQL */ `
  mutation RotateJoinCode($classId: ID!) {
    rotateJoinCode(classId: $classId) { id name sectors joinCode closed closedAt createdAt students snapshotId }
  }
`;

export const CloseClassDoc = /* GraphQL */ `
  mutation CloseClass($classId: ID!) {
    closeClass(classId: $classId) { id name sectors joinCode closed closedAt createdAt students snapshotId }
  }
`;

export const JoinClassDoc = /* GraphQL */ `
  mutation JoinClass($input: JoinClassInput!) {
    joinClass(input: $input) { token expiresAt user { id email role } tenant { id name kind plan } }
  }
`;

export const ResetStudentPasswordDoc = /* GraphQL */ `
  mutation ResetStudentPassword($classId: ID!, $studentId: ID!) {
    resetStudentPassword(classId: $classId, studentId: $studentId)
  }
`;

export const TeacherClassDoc = /* GraphQL */ `
  query TeacherClass($id: ID!) {
    teachingClass(id: $id) { id name sectors joinCode closed closedAt createdAt students snapshotId }
    teachingStudents(classId: $id) { id name email joinedAt }
    teachingTemplates { key titleZh titleEn descriptionZh descriptionEn params }
    teachingDashboard(classId: $id) {
      students
      assignments { done started average assignment { id classId title template dueAt revealed createdAt snapshotId
      params { key value }
      questions { id position kind prompt unit tolerance expected { value order store pass } } } }
      gradebook {
        assignments { id title }
        rows { total student { id name email } cells { assignmentId answered questions correct score } }
      }
    }
  }
`;

export const GradebookCsvDoc = /* GraphQL */ `
  query GradebookCsv($classId: ID!) {
    teachingGradebookCsv(classId: $classId)
  }
`;

export const CreateAssignmentDoc = /* GraphQL */ `
  mutation CreateAssignment($input: CreateAssignmentInput!) {
    createAssignment(input: $input) { id classId title template dueAt revealed createdAt snapshotId
      params { key value }
      questions { id position kind prompt unit tolerance expected { value order store pass } } }
  }
`;

export const RevealAnswersDoc = /* GraphQL */ `
  mutation RevealAnswers($assignmentId: ID!) {
    revealAnswers(assignmentId: $assignmentId) { id revealed }
  }
`;

export const StudentClassDoc = /* GraphQL */ `
  query StudentClass($id: ID!) {
    teachingClass(id: $id) { id name sectors joinCode closed closedAt createdAt students snapshotId }
    teachingAssignments(classId: $id) { id classId title template dueAt revealed createdAt snapshotId
      params { key value }
      questions { id position kind prompt unit tolerance expected { value order store pass } } }
    teachingMyAnswers(classId: $id) { questionId assignmentId value correct score detail submittedAt }
  }
`;

export const SubmitAnswerDoc = /* GraphQL */ `
  mutation SubmitAnswer($questionId: ID!, $value: String!) {
    submitAnswer(questionId: $questionId, value: $value) {
      answer { questionId assignmentId value correct score detail submittedAt }
      expected { value order store pass }
      lab { store pages errors rows { page pageUrl title brand seller price currency rating reviewCount sku url } }
    }
  }
`;

export const RunCrawlerLabDoc = /* GraphQL */ `
  mutation RunCrawlerLab($yaml: String!, $keyword: String, $startUrl: String) {
    runCrawlerLab(yaml: $yaml, keyword: $keyword, startUrl: $startUrl) {
      store pages errors
      rows { page pageUrl title brand seller price currency rating reviewCount sku url }
    }
  }
`;

export const TeachingListingsDoc = /* GraphQL */ `
  query TeachingListings($classId: ID!, $assignmentId: ID, $query: String, $filter: ListingFilter, $first: Int) {
    teachingListings(classId: $classId, assignmentId: $assignmentId, query: $query, filter: $filter, first: $first) {
      totalCount
      edges { node { id title marketplace country price { amount currency usd } } }
    }
  }
`;

export const TeachingMarketReportDoc = /* GraphQL */ `
  query TeachingMarketReport($classId: ID!, $assignmentId: ID, $sector: String!, $market: String) {
    teachingMarketReport(classId: $classId, assignmentId: $assignmentId, sector: $sector, market: $market)
  }
`;
