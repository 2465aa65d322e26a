//! The PostgreSQL side of [`super`]: placeholders, statements prepared once
//! per connection, and values encoded for the column types the server
//! infers (meded's values are SQLite's storage classes; a parameter that
//! the server types as `integer` gets four bytes, as `bigint` eight).

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::{BufMut, BytesMut};
use postgres::types::{IsNull, Type};

use super::{Error, Params, Result, ToSql, ToSqlOutput, ValueRef};

/// A PostgreSQL connection, shared by the statements prepared on it.
pub struct Client {
    client: RefCell<postgres::Client>,
    /// Statements by their SQL as meded wrote it.
    cache: RefCell<HashMap<String, postgres::Statement>>,
}

impl Client {
    pub fn new(client: postgres::Client) -> Client {
        Client {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
        }
    }

    pub fn client(&self) -> RefMut<'_, postgres::Client> {
        self.client.borrow_mut()
    }

    pub fn prepare(&self, sql: &str, cached: bool) -> Result<postgres::Statement> {
        if cached && let Some(s) = self.cache.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client().prepare(&translate(sql))?;
        if cached {
            self.cache.borrow_mut().insert(sql.to_owned(), stmt.clone());
        }
        Ok(stmt)
    }

    pub fn execute<P: Params>(&self, stmt: &postgres::Statement, params: P) -> Result<usize> {
        let values = collect(params)?;
        let binds = binds(&values);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = binds
            .iter()
            .map(|b| b as &(dyn postgres::types::ToSql + Sync))
            .collect();
        Ok(self.client().execute(stmt, &refs)? as usize)
    }

    pub fn query<P: Params>(
        &self,
        stmt: &postgres::Statement,
        params: P,
    ) -> Result<Vec<postgres::Row>> {
        let values = collect(params)?;
        let binds = binds(&values);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = binds
            .iter()
            .map(|b| b as &(dyn postgres::types::ToSql + Sync))
            .collect();
        Ok(self.client().query(stmt, &refs)?)
    }

    /// The id the last INSERT drew from its table's sequence, in this session.
    pub fn last_insert_id(&self) -> i64 {
        self.client()
            .query_one("SELECT lastval()", &[])
            .ok()
            .and_then(|r| r.try_get::<_, i64>(0).ok())
            .unwrap_or(0)
    }
}

/// The parameters as owned values (a statement's parameters are bound
/// after the borrow of the parameter list ends).
fn collect<P: Params>(params: P) -> Result<Vec<super::Value>> {
    let mut values = Vec::new();
    params.each(&mut |_, v: &dyn ToSql| {
        let out: ToSqlOutput<'_> = v.to_sql()?;
        values.push(out.value_ref().to_owned());
        Ok(())
    })?;
    Ok(values)
}

fn binds(values: &[super::Value]) -> Vec<Bind<'_>> {
    values.iter().map(|v| Bind(v.as_ref())).collect()
}

/// An SQL statement as PostgreSQL takes it: placeholders as `$N`, the
/// optional filters in the form both engines read alike, and the one
/// function whose name differs.
pub fn translate(sql: &str) -> String {
    // instr(a, b) is SQLite's name for PostgreSQL's strpos(a, b).
    placeholders(&optional_filters_last(sql)).replace("instr(", "strpos(")
}

/// `(?N IS NULL OR expr)` as `(expr OR ?N IS NULL)`. PostgreSQL types a
/// parameter where it first meets it, and `?N IS NULL` says nothing of its
/// type; the comparison after it does. SQLite reads both orders alike.
pub fn optional_filters_last(sql: &str) -> String {
    let mut s = sql.to_owned();
    let mut from = 0;
    while let Some(found) = find_optional(&s, from) {
        let (open, param_end, close) = found;
        let param = s[open + 1..param_end].trim().to_owned();
        let rest = s[param_end + " IS NULL OR ".len()..close].to_owned();
        let replaced = format!("({rest} OR {param} IS NULL)");
        s.replace_range(open..=close, &replaced);
        from = open + 1;
    }
    s
}

/// The next `(?N IS NULL OR …)` at or after `from`: the open bracket, the
/// end of `?N`, and the matching close bracket.
fn find_optional(s: &str, from: usize) -> Option<(usize, usize, usize)> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'?' {
                let mut k = j + 1;
                while k < bytes.len() && bytes[k].is_ascii_digit() {
                    k += 1;
                }
                if s[k..].starts_with(" IS NULL OR ") {
                    let close = matching_close(bytes, i)?;
                    return Some((i, k, close));
                }
            }
        }
        i += 1;
    }
    None
}

fn matching_close(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `?N` and `?` placeholders as PostgreSQL's `$N`, outside quoted text.
fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut highest = 0u32;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let n = if digits.is_empty() {
                    highest + 1
                } else {
                    digits.parse().unwrap_or(0)
                };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            c => out.push(c),
        }
    }
    out
}

/// A parameter encoded for whatever type the server gave its placeholder.
#[derive(Debug)]
struct Bind<'a>(ValueRef<'a>);

type BoxError = Box<dyn StdError + Sync + Send>;

impl postgres::types::ToSql for Bind<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        let mismatch = || -> BoxError { format!("cannot bind {:?} as {ty}", self.0).into() };
        match self.0 {
            ValueRef::Null => return Ok(IsNull::Yes),
            ValueRef::Integer(i) => match *ty {
                Type::INT8 => out.put_i64(i),
                Type::INT4 => out.put_i32(i32::try_from(i)?),
                Type::INT2 => out.put_i16(i16::try_from(i)?),
                Type::FLOAT8 => out.put_f64(i as f64),
                Type::FLOAT4 => out.put_f32(i as f32),
                Type::BOOL => out.put_u8(u8::from(i != 0)),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    out.put_slice(i.to_string().as_bytes())
                }
                Type::NUMERIC => numeric_from_i64(i, out),
                _ => return Err(mismatch()),
            },
            ValueRef::Real(f) => match *ty {
                Type::FLOAT8 => out.put_f64(f),
                Type::FLOAT4 => out.put_f32(f as f32),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::UNKNOWN => {
                    out.put_slice(f.to_string().as_bytes())
                }
                Type::INT8 if f.fract() == 0.0 => out.put_i64(f as i64),
                _ => return Err(mismatch()),
            },
            ValueRef::Text(s) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    out.put_slice(s.as_bytes())
                }
                Type::INT8 => out.put_i64(s.trim().parse()?),
                Type::INT4 => out.put_i32(s.trim().parse()?),
                Type::INT2 => out.put_i16(s.trim().parse()?),
                Type::FLOAT8 => out.put_f64(s.trim().parse()?),
                Type::BYTEA => out.put_slice(s.as_bytes()),
                _ => return Err(mismatch()),
            },
            ValueRef::Blob(b) => match *ty {
                Type::BYTEA => out.put_slice(b),
                _ => return Err(mismatch()),
            },
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// An integer in NUMERIC's binary form: base-10000 digits, most
/// significant first.
fn numeric_from_i64(i: i64, out: &mut BytesMut) {
    let negative = i < 0;
    let mut n = i.unsigned_abs();
    let mut digits: Vec<i16> = Vec::new();
    while n > 0 {
        digits.push((n % 10_000) as i16);
        n /= 10_000;
    }
    digits.reverse();
    out.put_i16(digits.len() as i16);
    out.put_i16(digits.len() as i16 - 1);
    out.put_u16(if negative { 0x4000 } else { 0 });
    out.put_i16(0);
    for d in digits {
        out.put_i16(d);
    }
}

/// A column's raw bytes, whatever its type.
struct Raw<'a>(&'a [u8]);

impl<'a> postgres::types::FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> std::result::Result<Raw<'a>, BoxError> {
        Ok(Raw(raw))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Column `idx` of a row as one of meded's values.
pub fn value(row: &postgres::Row, idx: usize) -> Result<ValueRef<'_>> {
    let column = row
        .columns()
        .get(idx)
        .ok_or_else(|| Error::Other(format!("no column {idx}")))?;
    let ty = column.type_().clone();
    let raw: Option<Raw<'_>> = row.try_get(idx)?;
    let Some(Raw(b)) = raw else {
        return Ok(ValueRef::Null);
    };
    let bad = || Error::Other(format!("column {idx}: unexpected {ty} value"));
    Ok(match ty {
        Type::INT8 => ValueRef::Integer(i64::from_be_bytes(b.try_into().map_err(|_| bad())?)),
        Type::INT4 => {
            ValueRef::Integer(i32::from_be_bytes(b.try_into().map_err(|_| bad())?).into())
        }
        Type::INT2 => {
            ValueRef::Integer(i16::from_be_bytes(b.try_into().map_err(|_| bad())?).into())
        }
        Type::OID => ValueRef::Integer(u32::from_be_bytes(b.try_into().map_err(|_| bad())?).into()),
        Type::BOOL => ValueRef::Integer(i64::from(b.first().copied().unwrap_or(0) != 0)),
        Type::FLOAT8 => ValueRef::Real(f64::from_be_bytes(b.try_into().map_err(|_| bad())?)),
        Type::FLOAT4 => ValueRef::Real(f32::from_be_bytes(b.try_into().map_err(|_| bad())?).into()),
        Type::NUMERIC => numeric(b).ok_or_else(bad)?,
        Type::BYTEA => ValueRef::Blob(b),
        _ => ValueRef::Text(std::str::from_utf8(b).map_err(|_| bad())?),
    })
}

/// NUMERIC's binary form (what `sum()` of integers returns) as an integer
/// when it is whole, else a real.
fn numeric(b: &[u8]) -> Option<ValueRef<'static>> {
    let word =
        |i: usize| -> Option<i16> { Some(i16::from_be_bytes(b.get(i..i + 2)?.try_into().ok()?)) };
    let ndigits = word(0)? as usize;
    let weight = word(2)? as i32;
    let sign = word(4)? as u16;
    if sign == 0xC000 {
        return Some(ValueRef::Real(f64::NAN));
    }
    let mut value = 0f64;
    let mut whole = true;
    for k in 0..ndigits {
        let d = word(8 + 2 * k)? as f64;
        let power = weight - k as i32;
        if power < 0 && d != 0.0 {
            whole = false;
        }
        value += d * 10_000f64.powi(power);
    }
    if sign == 0x4000 {
        value = -value;
    }
    Some(if whole && value.abs() < 9.0e15 {
        ValueRef::Integer(value as i64)
    } else {
        ValueRef::Real(value)
    })
}
