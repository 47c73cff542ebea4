// Billing: plan, entitlements, usage, Checkout and the customer portal.

export const BillingDoc = /* GraphQL */ `
  query Billing {
    billing {
      plan status
      entitlements { sectors reportsPerMonth seats apiAccess portal classes }
      usage { period reportsThisMonth reportLimit seats seatLimit }
    }
  }
`;

export const CheckoutDoc = /* GraphQL */ `
  mutation Checkout($plan: PaidPlan!) {
    checkout(plan: $plan)
  }
`;

export const BillingPortalDoc = /* GraphQL */ `
  mutation BillingPortal {
    billingPortal
  }
`;
