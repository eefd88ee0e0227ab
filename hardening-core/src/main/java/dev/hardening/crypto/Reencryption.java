package dev.hardening.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * Moves the stored values of one column to the primary key, in batches, after a rotation: each
 * value made with another key is decrypted and encrypted again. Rows are read in the order of
 * their id, a batch at a time, each batch in its own transaction; a row is updated only if it
 * still holds the value read ({@code WHERE id = ? AND column = ?}), so a write by the application
 * in between is never overwritten. It can run while the application serves traffic, and again
 * after an interruption: values already on the primary key are decrypted, to count those it cannot
 * read (another keyset's key may have the primary key's id), but not written again.
 */
public final class Reencryption {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

	private final DataSource dataSource;

	private final FieldCipher cipher;

	private final int batchSize;

	/**
	 * Creates the job.
	 * @param dataSource where the rows are
	 * @param cipher the keyset the values were made with, its primary key the one to move to
	 * @param batchSize how many rows one transaction reads, at least 1
	 */
	public Reencryption(DataSource dataSource, FieldCipher cipher, int batchSize) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1, but was " + batchSize);
		}
		this.dataSource = dataSource;
		this.cipher = cipher;
		this.batchSize = batchSize;
	}

	/**
	 * A column of encrypted values.
	 *
	 * @param table the table, optionally with its schema ({@code app.users}); a plain SQL
	 * identifier, not quoted
	 * @param idColumn a unique, ordered column to page by, usually the primary key
	 * @param valueColumn the column of ciphertexts
	 * @param context the context the values were encrypted with ({@code ""} for none)
	 */
	public record Column(String table, String idColumn, String valueColumn, String context) {

		/**
		 * Checks the names.
		 * @throws IllegalArgumentException if one is not a plain SQL identifier
		 */
		public Column {
			identifier(table, "table");
			identifier(idColumn, "idColumn");
			identifier(valueColumn, "valueColumn");
			if (idColumn.contains(".") || valueColumn.contains(".")) {
				throw new IllegalArgumentException("A column name has no schema or table part");
			}
		}

		private static void identifier(String name, String what) {
			if (!IDENTIFIER.matcher(name).matches()) {
				throw new IllegalArgumentException(what + " must be a plain SQL identifier (letters, digits, _)");
			}
		}

	}

	/**
	 * What a run did.
	 *
	 * @param read the rows read with a value
	 * @param reencrypted the values moved to the primary key
	 * @param changedMeanwhile the values the application changed between the read and the update,
	 * left as the application wrote them
	 * @param undecryptable the ids (as text, at most 100) of values that are not ciphertexts of the
	 * keyset, left as they are
	 * @param undecryptableCount how many such values there were
	 */
	public record Result(long read, long reencrypted, long changedMeanwhile, List<String> undecryptable,
			long undecryptableCount) {
	}

	/**
	 * Runs the job over a column to its end.
	 * @param column the column
	 * @return what it did
	 * @throws SQLException if the database fails; batches committed before stay committed
	 */
	public Result run(Column column) throws SQLException {
		String select = "SELECT " + column.idColumn() + ", " + column.valueColumn() + " FROM " + column.table()
				+ " WHERE " + column.valueColumn() + " IS NOT NULL AND " + column.idColumn() + " > ? ORDER BY "
				+ column.idColumn() + " FETCH FIRST " + this.batchSize + " ROWS ONLY";
		String first = select.replace(" AND " + column.idColumn() + " > ?", "");
		String update = "UPDATE " + column.table() + " SET " + column.valueColumn() + " = ? WHERE " + column.idColumn()
				+ " = ? AND " + column.valueColumn() + " = ?";
		long read = 0;
		long reencrypted = 0;
		long changed = 0;
		long undecryptableCount = 0;
		List<String> undecryptable = new ArrayList<>();
		Object lastId = null;
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				while (true) {
					List<Object[]> rows = new ArrayList<>(this.batchSize);
					try (PreparedStatement statement = connection.prepareStatement((lastId == null) ? first : select)) {
						if (lastId != null) {
							statement.setObject(1, lastId);
						}
						try (ResultSet result = statement.executeQuery()) {
							while (result.next()) {
								rows.add(new Object[] { result.getObject(1), result.getString(2) });
							}
						}
					}
					if (rows.isEmpty()) {
						break;
					}
					try (PreparedStatement statement = connection.prepareStatement(update)) {
						for (Object[] row : rows) {
							read++;
							String value = (String) row[1];
							String moved;
							try {
								if (this.cipher.isCurrent(value)) {
									// read, not rewritten: a value of another keyset may name the
									// primary key's id, and is counted as any other it cannot read
									this.cipher.decrypt(value, column.context());
									continue;
								}
								moved = this.cipher.reencrypt(value, column.context());
							}
							catch (FieldDecryptionException ex) {
								undecryptableCount++;
								if (undecryptable.size() < 100) {
									undecryptable.add(String.valueOf(row[0]));
								}
								continue;
							}
							statement.setString(1, moved);
							statement.setObject(2, row[0]);
							statement.setString(3, value);
							if (statement.executeUpdate() == 1) {
								reencrypted++;
							}
							else {
								changed++;
							}
						}
					}
					connection.commit();
					lastId = rows.get(rows.size() - 1)[0];
				}
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		return new Result(read, reencrypted, changed, List.copyOf(undecryptable), undecryptableCount);
	}

}
