// The GraphQL operations the app sends. graphql-codegen reads the strings
// marked /* GraphQL */ and writes their result and variable types to
// generated.ts (make frontend-codegen).

export const SignUpDoc = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      expiresAt
      user { id email role }
      tenant { id name kind plan }
    }
  }
`;

export const SignInDoc = /* GraphQL */ `
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      token
      expiresAt
      user { id email role }
      tenant { id name kind plan }
    }
  }
`;

export const SignOutDoc = /* GraphQL */ `
  mutation SignOut {
    signOut
  }
`;

export const MeDoc = /* GraphQL */ `
  query Me {
    me { id email role tenant { id name kind plan } }
  }
`;

export const SectorsDoc = /* GraphQL */ `
  query Sectors {
    sectors { slug name { zh en } hs custom }
  }
`;

export const ListingsDoc = /* GraphQL */ `
  query Listings($query: String, $filter: ListingFilter, $sort: ListingSort, $first: Int, $after: String) {
    listings(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      facets { field buckets { key count } }
      edges {
        node {
          id title brand seller sellerCountry marketplace country category sectors
          price { amount currency usd cny }
          rating reviewCount url firstSeen lastSeen
        }
      }
    }
  }
`;
