/** Extension points: event listeners, and the engine interface the API reaches its implementation through. */
package dev.migrate.spi;
