/// The GatewayService capability; see README.md.
public enum GatewayServiceModule {}
