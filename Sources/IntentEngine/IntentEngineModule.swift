/// The IntentEngine capability; see README.md.
public enum IntentEngineModule {}
