// Settings: members and roles, invitations, API keys, authorised sellers
// and minimum prices.

export const TeamDoc = /* GraphQL */ `
  query Team {
    me { id email role }
    members { id email role createdAt }
    invitations { id email role expiresAt acceptedAt revokedAt invitedBy { email } }
  }
`;

export const InviteMemberDoc = /* GraphQL */ `
  mutation InviteMember($email: String!, $role: Role!) {
    inviteMember(email: $email, role: $role) { token invitation { id email role expiresAt } }
  }
`;

export const RevokeInvitationDoc = /* GraphQL */ `
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) { id revokedAt }
  }
`;

export const SetMemberRoleDoc = /* GraphQL */ `
  mutation SetMemberRole($id: ID!, $role: Role!) {
    setMemberRole(id: $id, role: $role) { id role }
  }
`;

export const RemoveMemberDoc = /* GraphQL */ `
  mutation RemoveMember($id: ID!) {
    removeMember(id: $id)
  }
`;

export const ApiKeysDoc = /* GraphQL */ `
  query ApiKeys {
    apiKeys { id name role prefix createdAt revokedAt }
  }
`;

export const CreateApiKeyDoc = /* GraphQL */ `
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret key { id name role prefix createdAt revokedAt } }
  }
`;

export const RevokeApiKeyDoc = /* GraphQL */ `
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { id revokedAt }
  }
`;

export const SellerListsDoc = /* GraphQL */ `
  query SellerLists {
    authorisedSellers { brand seller marketplace }
    minPrices { brand gtin sku country currency minPrice }
  }
`;

export const UploadAuthorisedSellersDoc = /* GraphQL */ `
  mutation UploadAuthorisedSellers($csv: String!) {
    uploadAuthorisedSellers(csv: $csv) { accepted errors { row column message } }
  }
`;

export const UploadMinPricesDoc = /* GraphQL */ `
  mutation UploadMinPrices($csv: String!) {
    uploadMinPrices(csv: $csv) { accepted errors { row column message } }
  }
`;

export const AcceptInvitationDoc = /* GraphQL */ `
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) { token user { id email role } tenant { id name } }
  }
`;
