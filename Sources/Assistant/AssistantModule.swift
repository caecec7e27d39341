/// The Assistant capability; see README.md.
public enum AssistantModule {}
