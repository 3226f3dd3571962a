@NullMarked
package fr.mandat.local;

import org.jspecify.annotations.NullMarked;
