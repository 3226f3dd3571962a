@NullMarked
package fr.mandat.web.config;

import org.jspecify.annotations.NullMarked;
