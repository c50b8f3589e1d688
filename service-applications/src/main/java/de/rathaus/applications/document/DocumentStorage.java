package de.rathaus.applications.document;

/** Where document bytes live (port). Keys are opaque paths chosen by the caller; content is immutable. */
public interface DocumentStorage {

    void put(String key, byte[] content);

    /** The content; an {@link IllegalStateException} if it is missing (the metadata says it exists). */
    byte[] get(String key);

    /** Removes the content; no error if it is already gone (erasure must be re-runnable). */
    void delete(String key);
}
