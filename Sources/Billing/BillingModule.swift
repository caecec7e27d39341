/// The Billing capability; see README.md.
public enum BillingModule {}
