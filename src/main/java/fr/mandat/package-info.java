@NullMarked
package fr.mandat;

import org.jspecify.annotations.NullMarked;
