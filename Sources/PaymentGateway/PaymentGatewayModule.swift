/// The PaymentGateway capability; see README.md.
public enum PaymentGatewayModule {}
