//! Inflating one zlib stream that starts at some position of a file (a loose object, or an
//! entry of a pack), reading the file in chunks with positioned reads: only as much as the
//! caller asks for is inflated, so a size can be read without inflating a whole blob.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use flate2::{Decompress, FlushDecompress, Status};

use super::ObjectError;

/// The largest chunk read from the file at once.
const MAX_CHUNK: usize = 1 << 20;

pub(crate) struct Inflater<'a> {
    file: &'a File,
    path: &'a Path,
    /// File position of the next chunk.
    position: u64,
    input: Vec<u8>,
    input_at: usize,
    input_end: usize,
    next_chunk: usize,
    decompress: &'a mut Decompress,
    finished: bool,
    /// The last call made no progress: more input must be read before the next one. (The
    /// decompressor may take all input at once and hand out its output over several calls.)
    needs_input: bool,
}

impl<'a> Inflater<'a> {
    /// A stream starting at `position` of `file`; the first read takes `first_chunk` bytes.
    /// `decompress` is reset and reused (making a new one costs more than inflating a small
    /// object).
    pub(crate) fn new(file: &'a File, path: &'a Path, position: u64, first_chunk: usize, decompress: &'a mut Decompress) -> Self {
        let first_chunk = first_chunk.clamp(64, MAX_CHUNK);
        decompress.reset(true);
        Self {
            file,
            path,
            position,
            input: vec![0; first_chunk],
            input_at: 0,
            input_end: 0,
            next_chunk: first_chunk,
            decompress,
            finished: false,
            needs_input: true,
        }
    }

    fn corrupt(&self, detail: impl Into<String>) -> ObjectError {
        ObjectError::Corrupt { path: self.path.to_path_buf(), detail: detail.into() }
    }

    /// Inflates into `output` until it holds `until` bytes or the stream ends.
    pub(crate) fn inflate_to(&mut self, output: &mut Vec<u8>, until: usize) -> Result<(), ObjectError> {
        while output.len() < until && !self.finished {
            if self.needs_input && self.input_at == self.input_end {
                self.refill()?;
            }
            let filled = output.len();
            // Grow in steps so a corrupt header claiming a huge size cannot allocate it upfront.
            let step = (until - filled).min(MAX_CHUNK * 8);
            output.resize(filled + step, 0);
            let (status, consumed, produced) = self.step(&mut output[filled..]);
            output.truncate(filled + produced);
            self.after_step(status?, consumed, produced)?;
        }
        Ok(())
    }

    /// Records what a call did; no progress with input left means the stream is broken.
    fn after_step(&mut self, status: Status, consumed: usize, produced: usize) -> Result<(), ObjectError> {
        self.input_at += consumed;
        if status == Status::StreamEnd {
            self.finished = true;
        }
        self.needs_input = consumed == 0 && produced == 0;
        if self.needs_input && !self.finished && self.input_at < self.input_end {
            return Err(self.corrupt("zlib stream makes no progress"));
        }
        Ok(())
    }

    /// Checks the stream ends here: no more output, a valid end and checksum.
    pub(crate) fn finish(&mut self) -> Result<(), ObjectError> {
        let mut spare = [0u8; 1];
        while !self.finished {
            if self.needs_input && self.input_at == self.input_end {
                self.refill()?;
            }
            let (status, consumed, produced) = self.step(&mut spare);
            if produced > 0 {
                return Err(self.corrupt("object is longer than its header says"));
            }
            self.after_step(status?, consumed, produced)?;
        }
        Ok(())
    }

    /// One call of the decompressor: its status, input consumed and output produced.
    fn step(&mut self, output: &mut [u8]) -> (Result<Status, ObjectError>, usize, usize) {
        let (in_before, out_before) = (self.decompress.total_in(), self.decompress.total_out());
        let result = self.decompress.decompress(&self.input[self.input_at..self.input_end], output, FlushDecompress::None);
        let consumed = usize::try_from(self.decompress.total_in() - in_before).unwrap_or(usize::MAX);
        let produced = usize::try_from(self.decompress.total_out() - out_before).unwrap_or(usize::MAX);
        let result = result.map_err(|error| self.corrupt(format!("bad zlib data: {error}")));
        (result, consumed.min(self.input_end - self.input_at), produced.min(output.len()))
    }

    fn refill(&mut self) -> Result<(), ObjectError> {
        if self.input.len() < self.next_chunk {
            self.input.resize(self.next_chunk, 0);
        }
        let read = self.file.read_at(&mut self.input, self.position).map_err(|source| ObjectError::Io { path: self.path.to_path_buf(), source })?;
        if read == 0 {
            return Err(self.corrupt("zlib stream is truncated"));
        }
        self.position += read as u64;
        self.input_at = 0;
        self.input_end = read;
        self.next_chunk = (self.next_chunk * 2).min(MAX_CHUNK);
        Ok(())
    }
}

/// Fills `buffer` from `position` of `file` as far as the file goes; the number of bytes read.
pub(crate) fn read_at_most(file: &File, path: &Path, buffer: &mut [u8], position: u64) -> Result<usize, ObjectError> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read_at(&mut buffer[filled..], position + filled as u64) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => return Err(ObjectError::Io { path: path.to_path_buf(), source }),
        }
    }
    Ok(filled)
}
