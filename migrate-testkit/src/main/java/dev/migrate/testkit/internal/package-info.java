/**
 * The testkit's machinery: servers, database creation and cloning, the template cache. Not an
 * API: anything here may change in any release.
 */
package dev.migrate.testkit.internal;
