// Report centre: the tenant's report list, one report, its progress stream
// and its download links.

export const ReportsListDoc = /* GraphQL */ `
  query ReportsList($first: Int, $after: String) {
    reports(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind status progress sector market brand createdAt finishedAt error } }
    }
  }
`;

export const ReportFullDoc = /* GraphQL */ `
  query ReportFull($id: ID!) {
    report(id: $id) {
      id kind status progress sector market brand createdAt finishedAt error result
      exports { json csv xlsx html }
    }
  }
`;

export const ReportProgressDoc = /* GraphQL */ `
  subscription ReportProgressSub($id: ID!) {
    reportProgress(id: $id) { id kind status progress sector market brand createdAt finishedAt error }
  }
`;

export const CreateReportFullDoc = /* GraphQL */ `
  mutation CreateReportFull($input: CreateReportInput!) {
    createReport(input: $input) { id kind status progress sector market brand createdAt finishedAt error }
  }
`;

export const MarketsDoc = /* GraphQL */ `
  query Markets {
    markets { code name { zh en } }
  }
`;
