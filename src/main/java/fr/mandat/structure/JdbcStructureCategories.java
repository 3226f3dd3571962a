package fr.mandat.structure;

import java.sql.Array;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
class JdbcStructureCategories implements StructureCategories {

	private final JdbcClient jdbc;

	JdbcStructureCategories(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Set<DemarcheCategory> allowed(UUID structureId) {
		return this.jdbc.sql("SELECT demarche_categories FROM structure WHERE id = ?")
			.param(structureId)
			.query((rs, n) -> categories(rs.getArray(1)))
			.optional()
			.orElse(EnumSet.noneOf(DemarcheCategory.class));
	}

	static Set<DemarcheCategory> categories(Array array) throws SQLException {
		Set<DemarcheCategory> categories = EnumSet.noneOf(DemarcheCategory.class);
		for (Object code : (Object[]) array.getArray()) {
			DemarcheCategory.fromCode((String) code).ifPresent(categories::add);
		}
		return categories;
	}

}
