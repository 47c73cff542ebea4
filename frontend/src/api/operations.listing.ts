// Listing page: one shared listing with its snapshot history.

export const ListingDetailDoc = /* GraphQL */ `
  query ListingDetail($id: ID!) {
    listing(id: $id) {
      listing {
        id title brand seller sellerCountry marketplace country category sectors
        price { amount currency usd cny }
        rating reviewCount url firstSeen lastSeen
      }
      history { time price { amount currency usd } rating reviewCount salesRank }
    }
  }
`;
