package dev.interlock.audit.war;

/**
 * Something of the WAR that could not be read.
 *
 * @param path where it is in the WAR
 * @param reason why, in words
 */
public record Unread(String path, String reason)
{
}
