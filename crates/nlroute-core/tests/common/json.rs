//! A small JSON reader for the test vectors shared with the JavaScript tests (the crate has no
//! serde_json, and the vectors need only objects, arrays, strings, numbers, booleans and null).

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
  Null,
  Bool(bool),
  Number(f64),
  String(String),
  Array(Vec<Json>),
  /// Keys in document order: the order of the table's routes is the order of the expected lists.
  Object(Vec<(String, Json)>),
}

impl Json {
  pub fn parse(text: &str) -> Json {
    let mut reader = Reader {
      bytes: text.as_bytes(),
      at: 0,
    };
    let value = reader.value();
    reader.skip_space();
    assert_eq!(
      reader.at,
      reader.bytes.len(),
      "trailing characters after the JSON value"
    );
    value
  }

  pub fn get(&self, key: &str) -> Option<&Json> {
    match self {
      Json::Object(entries) => entries.iter().find(|(name, _)| name == key).map(|(_, value)| value),
      _ => None,
    }
  }

  pub fn entries(&self) -> &[(String, Json)] {
    match self {
      Json::Object(entries) => entries,
      other => panic!("expected an object, got {other:?}"),
    }
  }

  pub fn items(&self) -> &[Json] {
    match self {
      Json::Array(items) => items,
      other => panic!("expected an array, got {other:?}"),
    }
  }

  pub fn str(&self) -> &str {
    match self {
      Json::String(text) => text,
      other => panic!("expected a string, got {other:?}"),
    }
  }

  pub fn number(&self) -> f64 {
    match self {
      Json::Number(number) => *number,
      other => panic!("expected a number, got {other:?}"),
    }
  }
}

struct Reader<'a> {
  bytes: &'a [u8],
  at: usize,
}

impl Reader<'_> {
  fn skip_space(&mut self) {
    while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
      self.at += 1;
    }
  }

  fn expect(&mut self, byte: u8) {
    self.skip_space();
    assert_eq!(
      self.bytes.get(self.at),
      Some(&byte),
      "expected {:?} at {}",
      byte as char,
      self.at
    );
    self.at += 1;
  }

  fn peek(&mut self) -> u8 {
    self.skip_space();
    *self.bytes.get(self.at).expect("unexpected end of JSON")
  }

  fn value(&mut self) -> Json {
    match self.peek() {
      b'{' => {
        let mut entries = Vec::new();
        self.sequence(b'{', b'}', |reader| {
          let key = reader.string();
          reader.expect(b':');
          entries.push((key, reader.value()));
        });
        Json::Object(entries)
      }
      b'[' => {
        let mut items = Vec::new();
        self.sequence(b'[', b']', |reader| items.push(reader.value()));
        Json::Array(items)
      }
      b'"' => Json::String(self.string()),
      b't' => self.word("true", Json::Bool(true)),
      b'f' => self.word("false", Json::Bool(false)),
      b'n' => self.word("null", Json::Null),
      _ => {
        let start = self.at;
        while self.at < self.bytes.len()
          && matches!(self.bytes[self.at], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        {
          self.at += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap();
        Json::Number(
          text
            .parse()
            .unwrap_or_else(|_| panic!("bad JSON number {text:?} at {start}")),
        )
      }
    }
  }

  /// `open item (, item)* close`, or `open close`.
  fn sequence(&mut self, open: u8, close: u8, mut item: impl FnMut(&mut Self)) {
    self.expect(open);
    if self.peek() != close {
      loop {
        item(self);
        if self.peek() != b',' {
          break;
        }
        self.at += 1;
      }
    }
    self.expect(close);
  }

  fn word(&mut self, word: &str, value: Json) -> Json {
    assert!(
      self.bytes[self.at..].starts_with(word.as_bytes()),
      "bad JSON literal at {}",
      self.at
    );
    self.at += word.len();
    value
  }

  fn string(&mut self) -> String {
    self.expect(b'"');
    let mut text = String::new();
    loop {
      let byte = self.bytes[self.at];
      self.at += 1;
      match byte {
        b'"' => return text,
        b'\\' => {
          let escaped = self.bytes[self.at];
          self.at += 1;
          match escaped {
            b'n' => text.push('\n'),
            b't' => text.push('\t'),
            b'u' => {
              let hex = std::str::from_utf8(&self.bytes[self.at..self.at + 4]).unwrap();
              self.at += 4;
              text.push(char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap_or('\u{fffd}'));
            }
            other => text.push(other as char),
          }
        }
        _ => {
          // Copy a whole UTF-8 sequence at once.
          let start = self.at - 1;
          while self.at < self.bytes.len() && self.bytes[self.at] & 0xc0 == 0x80 {
            self.at += 1;
          }
          text.push_str(std::str::from_utf8(&self.bytes[start..self.at]).unwrap());
        }
      }
    }
  }
}
