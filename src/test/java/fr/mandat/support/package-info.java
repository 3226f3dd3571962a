@NullMarked
package fr.mandat.support;

import org.jspecify.annotations.NullMarked;
