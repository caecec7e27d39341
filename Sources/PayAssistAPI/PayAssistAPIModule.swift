/// The PayAssistAPI capability; see README.md.
public enum PayAssistAPIModule {}
