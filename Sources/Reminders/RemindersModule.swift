/// The Reminders capability; see README.md.
public enum RemindersModule {}
