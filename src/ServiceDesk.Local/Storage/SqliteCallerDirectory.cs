using Microsoft.Data.Sqlite;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Local.Storage;

/// <summary>The embedded caller directory. A phone number may belong to several callers (a shared desk line).</summary>
public sealed class SqliteCallerDirectory(SqliteDatabase database) : ICallerDirectory
{
    public Task<IReadOnlyList<Caller>> FindByPhoneAsync(PhoneNumber phone, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Caller>>(Query("SELECT caller_id FROM caller_phones WHERE phone = $v ORDER BY caller_id;", phone.E164));

    public Task<Caller?> FindByEmployeeIdAsync(string employeeId, CancellationToken cancellationToken) =>
        Task.FromResult(Query("SELECT id FROM callers WHERE employee_id = $v COLLATE NOCASE;", employeeId.Trim()).FirstOrDefault());

    public Task<Caller?> FindByIdAsync(string callerId, CancellationToken cancellationToken) =>
        Task.FromResult(Query("SELECT id FROM callers WHERE id = $v;", callerId).FirstOrDefault());

    /// <summary>Adds or replaces callers (and their numbers) in one transaction.</summary>
    public void Upsert(IEnumerable<Caller> callers)
    {
        using var lease = database.Lease();
        using var transaction = lease.Connection.BeginTransaction();
        foreach (var caller in callers)
        {
            var command = lease.Command(UpsertCallerSql, transaction);
            command.Parameters.AddWithValue("$id", caller.Id);
            command.Parameters.AddWithValue("$name", caller.DisplayName);
            command.Parameters.AddWithValue("$employee", (object?)caller.EmployeeId ?? DBNull.Value);
            command.Parameters.AddWithValue("$vip", caller.Vip ? 1 : 0);
            command.Parameters.AddWithValue("$language", caller.Language);
            command.Parameters.AddWithValue("$pin", (object?)caller.PinHash ?? DBNull.Value);
            command.ExecuteNonQuery();
            foreach (var phone in caller.Phones.Distinct())
            {
                var insert = lease.Command(InsertPhoneSql, transaction);
                insert.Parameters.AddWithValue("$phone", phone.E164);
                insert.Parameters.AddWithValue("$id", caller.Id);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private List<Caller> Query(string idQuery, string value)
    {
        using var lease = database.Lease();
        var ids = new List<string>();
        var query = lease.Command(idQuery);
        query.Parameters.AddWithValue("$v", value);
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        return [.. ids.Select(id => Load(lease, id)).OfType<Caller>()];
    }

    private static Caller? Load(SqliteLease lease, string id)
    {
        var query = lease.Command(LoadCallerSql);
        query.Parameters.AddWithValue("$id", id);
        using var reader = query.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var (name, employee, vip, language, pin) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) != 0, reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        reader.NextResult();
        var phones = new List<PhoneNumber>();
        while (reader.Read())
        {
            phones.Add(PhoneNumber.Parse(reader.GetString(0)));
        }

        return new Caller(id, name, phones, employee, vip, language, pin);
    }

    private const string UpsertCallerSql = """
        INSERT INTO callers (id, display_name, employee_id, vip, language, pin_hash) VALUES ($id, $name, $employee, $vip, $language, $pin)
        ON CONFLICT(id) DO UPDATE SET display_name = $name, employee_id = $employee, vip = $vip, language = $language, pin_hash = $pin;
        DELETE FROM caller_phones WHERE caller_id = $id;
        """;

    private const string InsertPhoneSql = "INSERT INTO caller_phones (phone, caller_id) VALUES ($phone, $id);";

    private const string LoadCallerSql = """
        SELECT display_name, employee_id, vip, language, pin_hash FROM callers WHERE id = $id;
        SELECT phone FROM caller_phones WHERE caller_id = $id ORDER BY phone;
        """;
}
