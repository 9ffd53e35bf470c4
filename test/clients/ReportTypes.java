/*
 * test/clients/ReportTypes.java - slm's reports as a BI tool reads them
 * through pgJDBC (Debian's libpostgresql-jdbc-java, the driver of Metabase,
 * Tableau and DBeaver).
 *
 * Usage: java -cp /usr/share/java/postgresql.jar ReportTypes.java JDBC_URL
 *
 * For every view of slm, as a BI tool browses a schema: the driver's
 * metadata (DatabaseMetaData.getColumns) must describe every column
 * (REMARKS, the column comments), and a query of the view must give each
 * column a JDBC type a BI tool can chart or show.  Types.OTHER (an opaque
 * object) is allowed only for an interval that has a numeric twin in
 * hours in the same view (a goal's are its days and its hours beyond
 * them), and for a range whose bounds are columns of their own
 * (NAME_from, NAME_until).  Report functions are called as a dashboard would, with
 * dates bound as strings (stringtype=unspecified).  Prints one line per
 * problem and a summary; exits 1 on any problem.
 */
import java.sql.*;
import java.util.*;

public class ReportTypes {
	public static void main(String[] args) throws Exception {
		int problems = 0, views = 0, columns = 0;
		try (Connection c = DriverManager.getConnection(args[0])) {
			DatabaseMetaData md = c.getMetaData();
			List<String> names = new ArrayList<>();
			try (ResultSet t = md.getTables(null, "slm", "%", new String[] {"VIEW"})) {
				while (t.next())
					names.add(t.getString("TABLE_NAME"));
			}
			for (String v : names) {
				views++;
				Map<String, String> remarks = new HashMap<>();
				try (ResultSet col = md.getColumns(null, "slm", v, "%")) {
					while (col.next())
						remarks.put(col.getString("COLUMN_NAME"), col.getString("REMARKS"));
				}
				try (Statement s = c.createStatement();
					 ResultSet r = s.executeQuery("SELECT * FROM slm." + v + " LIMIT 5")) {
					ResultSetMetaData rm = r.getMetaData();
					Set<String> cols = new HashSet<>();
					for (int i = 1; i <= rm.getColumnCount(); i++)
						cols.add(rm.getColumnName(i));
					for (int i = 1; i <= rm.getColumnCount(); i++) {
						String name = rm.getColumnName(i);
						String pg = rm.getColumnTypeName(i);
						columns++;
						if (remarks.get(name) == null || remarks.get(name).isEmpty()) {
							System.out.println("slm." + v + "." + name + ": no description in the driver's metadata");
							problems++;
						}
						if (rm.getColumnType(i) == Types.OTHER) {
							boolean twin = cols.contains(name + "_hours") || cols.contains(name.replaceAll("_time$", "") + "_hours");
							boolean range = pg.equals("daterange") && cols.contains(name + "_from") && cols.contains(name + "_until");
							if (!range && (!pg.equals("interval") || !twin)) {
								System.out.println("slm." + v + "." + name + ": " + pg + " reaches JDBC as Types.OTHER");
								problems++;
							}
						}
					}
					while (r.next())
						for (int i = 1; i <= rm.getColumnCount(); i++)
							r.getObject(i);
				}
			}
			// a dashboard's call of a report function, its dates bound as strings
			String[] calls = {
				"SELECT * FROM slm.compliance_report(?, ?, 'month')",
				"SELECT * FROM slm.availability_report(?, ?, 'month')",
			};
			for (String q : calls) {
				try (PreparedStatement p = c.prepareStatement(q)) {
					p.setString(1, "2026-01-01");
					p.setString(2, "2026-12-31");
					try (ResultSet r = p.executeQuery()) {
						int n = 0;
						while (r.next())
							n++;
						if (n == 0) {
							System.out.println(q + ": no rows");
							problems++;
						}
					}
				}
			}
		}
		System.out.println(views + " views, " + columns + " columns read through pgJDBC, " + problems + " problems");
		System.exit(problems == 0 ? 0 : 1);
	}
}
