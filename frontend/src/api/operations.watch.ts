// Brand watch: watchlists, the alerts feed and the brands to pick from.

export const WatchDoc = /* GraphQL */ `
  query Watch($unreadOnly: Boolean, $first: Int) {
    watchlists { id kind listingId sector market brand thresholdPct createdAt checkedAt }
    alerts(unreadOnly: $unreadOnly, first: $first) { id watchlistId kind message createdAt readAt }
  }
`;

export const BrandsDoc = /* GraphQL */ `
  query Brands($filter: BrandFilter, $first: Int) {
    brands(filter: $filter, first: $first) { brand listings sharePct medianPriceUSD reviews }
  }
`;

export const CreateWatchlistDoc = /* GraphQL */ `
  mutation CreateWatchlist($input: WatchlistInput!) {
    createWatchlist(input: $input) { id kind listingId sector market brand thresholdPct createdAt checkedAt }
  }
`;

export const DeleteWatchlistDoc = /* GraphQL */ `
  mutation DeleteWatchlist($id: ID!) {
    deleteWatchlist(id: $id)
  }
`;

export const MarkAlertReadDoc = /* GraphQL */ `
  mutation MarkAlertRead($id: ID!) {
    markAlertRead(id: $id) { id readAt }
  }
`;

export const CheckAlertsDoc = /* GraphQL */ `
  mutation CheckAlerts {
    checkAlerts { id kind status progress error }
  }
`;

export const JobDoc = /* GraphQL */ `
  query Job($id: ID!) {
    job(id: $id) { id kind status progress error }
  }
`;
