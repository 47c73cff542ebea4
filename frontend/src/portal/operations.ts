// The association portal's GraphQL operations (graph/portal.graphqls).
// graphql-codegen writes their types to src/api/generated.ts.

export const PortalMeDoc = /* GraphQL */ `
  query PortalMe {
    me { id role tenant { id name kind } }
  }
`;

export const MyPortalDoc = /* GraphQL */ `
  query MyPortal {
    myPortal { slug hostName nameZh nameEn introZh introEn logoUrl hasLogoImage primaryColor accentColor featuredSectors publicFigures path }
    sectors { slug name { zh en } }
  }
`;

export const SavePortalDoc = /* GraphQL */ `
  mutation SavePortal($input: PortalInput!) {
    savePortal(input: $input) { slug hostName nameZh nameEn introZh introEn logoUrl hasLogoImage primaryColor accentColor featuredSectors publicFigures path }
  }
`;

export const SetPortalLogoDoc = /* GraphQL */ `
  mutation SetPortalLogo($data: String!) {
    setPortalLogo(dataBase64: $data) { hasLogoImage }
  }
`;

export const PortalMembersDoc = /* GraphQL */ `
  query PortalMembers {
    portalMembers { id memberName status invitedAt acceptedAt endedAt }
    portalInquiryStats {
      inquiries unrouted deliveries responded responseRate
      bySector { sector inquiries }
      byMember { membershipId member received responded responseRate }
    }
    portalReports { id titleZh titleEn sector audience recipients createdAt }
    sectors { slug name { zh en } }
  }
`;

export const InvitePortalMemberDoc = /* GraphQL */ `
  mutation InvitePortalMember($email: String!) {
    invitePortalMember(email: $email) { id memberName status }
  }
`;

export const EndMembershipDoc = /* GraphQL */ `
  mutation EndMembership($id: ID!) {
    endPortalMembership(id: $id) { id status }
  }
`;

export const PublishReportDoc = /* GraphQL */ `
  mutation PublishReport($input: PublishPortalReportInput!) {
    publishPortalReport(input: $input) { id }
  }
`;

export const MemberHomeDoc = /* GraphQL */ `
  query MemberHome {
    myMemberships { id associationName status invitedAt acceptedAt }
    memberProfile { companyZh companyEn sectors productsZh productsEn certifications exportMarkets capacityZh capacityEn priceUsdPerTon updatedAt }
    sectors { slug name { zh en } }
  }
`;

export const AnswerInvitationDoc = /* GraphQL */ `
  mutation AnswerInvitation($id: ID!, $accept: Boolean!) {
    answerPortalInvitation(id: $id, accept: $accept) { id status }
  }
`;

export const SaveMemberProfileDoc = /* GraphQL */ `
  mutation SaveMemberProfile($input: MemberProfileInput!) {
    saveMemberProfile(input: $input) { companyZh updatedAt }
  }
`;

export const InboxDoc = /* GraphQL */ `
  query Inbox {
    inquiryInbox { id associationName sector product quantity destination contactName contactEmail message createdAt respondedAt }
    sectors { slug name { zh en } }
  }
`;

export const MarkRespondedDoc = /* GraphQL */ `
  mutation MarkResponded($id: ID!) {
    markInquiryResponded(id: $id) { id respondedAt }
  }
`;

export const BenchmarksDoc = /* GraphQL */ `
  query Benchmarks {
    peerBenchmarks {
      associationName
      price { available contributors minContributors own p25 median p75 percentile }
      marketSpread { available contributors minContributors own p25 median p75 percentile }
    }
    portalReports { id associationName titleZh titleEn sector createdAt }
  }
`;

export const PortalReportDoc = /* GraphQL */ `
  query PortalReportDocument($id: ID!) {
    portalReport(id: $id) { report { id titleZh titleEn associationName createdAt } document }
  }
`;
