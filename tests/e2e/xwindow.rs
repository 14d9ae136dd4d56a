//! The app's window as a window manager sees it, through Xlib (x11-dl, which the app's own
//! windowing already links): finding the top-level X window of a process, whether it is mapped,
//! and closing it with the `WM_DELETE_WINDOW` client message a window manager sends when the
//! user clicks the title bar's close button. WebDriver cannot do this: its window close ends
//! the app rather than asking it.

use std::ffi::CString;
use std::os::raw::{c_int, c_long, c_uchar, c_uint, c_ulong};
use std::ptr;

use x11_dl::xlib;

type Error = Box<dyn std::error::Error>;

/// The size of the C long that format-32 property items come back as.
const LONG: usize = std::mem::size_of::<c_long>();

/// One connection to the test's X display.
pub struct XDisplay {
    xlib: xlib::Xlib,
    display: *mut xlib::Display,
}

/// X errors (a window destroyed while it is looked at) are answered by the calls' own results;
/// Xlib's default handler would end the test process instead.
unsafe extern "C" fn ignore_x_error(_: *mut xlib::Display, _: *mut xlib::XErrorEvent) -> c_int {
    0
}

impl XDisplay {
    pub fn open(name: &str) -> Result<XDisplay, Error> {
        let xlib = xlib::Xlib::open().map_err(|e| format!("libX11 could not be loaded: {e}"))?;
        let c_name = CString::new(name)?;
        // SAFETY: a plain Xlib call with a valid C string; the error handler only returns.
        let display = unsafe {
            (xlib.XSetErrorHandler)(Some(ignore_x_error));
            (xlib.XOpenDisplay)(c_name.as_ptr())
        };
        if display.is_null() {
            return Err(format!("the X display {name} could not be opened").into());
        }
        Ok(XDisplay { xlib, display })
    }

    fn atom(&self, name: &str) -> Result<xlib::Atom, Error> {
        let c_name = CString::new(name)?;
        // SAFETY: the display is open and the name a valid C string.
        Ok(unsafe { (self.xlib.XInternAtom)(self.display, c_name.as_ptr(), xlib::False) })
    }

    /// Every window on the display, the root's descendants depth first.
    fn all_windows(&self) -> Vec<xlib::Window> {
        // SAFETY: the display is open.
        let mut stack = vec![unsafe { (self.xlib.XDefaultRootWindow)(self.display) }];
        let mut all = Vec::new();
        while let Some(window) = stack.pop() {
            let (mut root, mut parent) = (0, 0);
            let mut children: *mut xlib::Window = ptr::null_mut();
            let mut count: c_uint = 0;
            // SAFETY: the out-pointers are valid; a window gone meanwhile makes the call fail.
            let ok = unsafe {
                (self.xlib.XQueryTree)(
                    self.display,
                    window,
                    &mut root,
                    &mut parent,
                    &mut children,
                    &mut count,
                )
            };
            if ok != 0 && !children.is_null() {
                // SAFETY: Xlib returned `count` windows at `children`, freed right after.
                let list = unsafe { std::slice::from_raw_parts(children, count as usize) };
                stack.extend_from_slice(list);
                all.extend_from_slice(list);
                unsafe { (self.xlib.XFree)(children.cast()) };
            }
        }
        all
    }

    /// A window property as raw items of `format` bits (8 or 32), or `None` when unset.
    fn property(
        &self,
        window: xlib::Window,
        name: &str,
    ) -> Result<Option<(c_int, Vec<u8>)>, Error> {
        let atom = self.atom(name)?;
        let mut actual_type: xlib::Atom = 0;
        let mut format: c_int = 0;
        let (mut items, mut after): (c_ulong, c_ulong) = (0, 0);
        let mut data: *mut c_uchar = ptr::null_mut();
        // SAFETY: the out-pointers are valid; AnyPropertyType asks for the value as stored.
        let status = unsafe {
            (self.xlib.XGetWindowProperty)(
                self.display,
                window,
                atom,
                0,
                1024,
                xlib::False,
                xlib::AnyPropertyType as c_ulong,
                &mut actual_type,
                &mut format,
                &mut items,
                &mut after,
                &mut data,
            )
        };
        if status != xlib::Success as c_int || data.is_null() {
            return Ok(None);
        }
        // Xlib hands format-32 items back as C longs, whatever their width.
        let item_size = match format {
            8 => 1,
            16 => std::mem::size_of::<std::os::raw::c_short>(),
            _ => LONG,
        };
        // SAFETY: Xlib returned `items` items of `item_size` bytes at `data`, freed right after.
        let bytes =
            unsafe { std::slice::from_raw_parts(data, items as usize * item_size) }.to_vec();
        unsafe { (self.xlib.XFree)(data.cast()) };
        Ok((actual_type != 0).then_some((format, bytes)))
    }

    /// The `_NET_WM_PID` GTK sets on its top-level windows.
    fn pid_of(&self, window: xlib::Window) -> Result<Option<u32>, Error> {
        Ok(match self.property(window, "_NET_WM_PID")? {
            Some((32, bytes)) if bytes.len() >= LONG => {
                let mut first = [0u8; LONG];
                first.copy_from_slice(&bytes[..LONG]);
                u32::try_from(c_long::from_ne_bytes(first)).ok()
            }
            _ => None,
        })
    }

    /// The window's title (`_NET_WM_NAME`, UTF-8).
    fn title_of(&self, window: xlib::Window) -> Result<Option<String>, Error> {
        Ok(match self.property(window, "_NET_WM_NAME")? {
            Some((8, bytes)) => String::from_utf8(bytes).ok(),
            _ => None,
        })
    }

    /// The top-level windows of process `pid` with the title `title`.
    pub fn windows_of(&self, pid: u32, title: &str) -> Result<Vec<xlib::Window>, Error> {
        let mut found = Vec::new();
        for window in self.all_windows() {
            if self.pid_of(window)? == Some(pid) && self.title_of(window)?.as_deref() == Some(title)
            {
                found.push(window);
            }
        }
        Ok(found)
    }

    /// Whether the window is mapped and so shown (there is no window manager to iconify it).
    pub fn is_viewable(&self, window: xlib::Window) -> bool {
        // SAFETY: XWindowAttributes is plain data; the call fills it or fails.
        let mut attributes: xlib::XWindowAttributes = unsafe { std::mem::zeroed() };
        let ok = unsafe { (self.xlib.XGetWindowAttributes)(self.display, window, &mut attributes) };
        ok != 0 && attributes.map_state == xlib::IsViewable
    }

    /// Asks the window to close, as a window manager does: a `WM_PROTOCOLS` client message
    /// carrying `WM_DELETE_WINDOW`.
    pub fn request_close(&self, window: xlib::Window) -> Result<(), Error> {
        let protocols = self.atom("WM_PROTOCOLS")?;
        let delete = self.atom("WM_DELETE_WINDOW")?;
        // SAFETY: XClientMessageEvent is plain data, filled in before it is sent.
        let mut message: xlib::XClientMessageEvent = unsafe { std::mem::zeroed() };
        message.type_ = xlib::ClientMessage;
        message.window = window;
        message.message_type = protocols;
        message.format = 32;
        message.data.set_long(0, delete as c_long);
        message.data.set_long(1, xlib::CurrentTime as c_long);
        let mut event = xlib::XEvent {
            client_message: message,
        };
        // SAFETY: the display is open and the event fully initialised.
        let sent = unsafe {
            let sent = (self.xlib.XSendEvent)(
                self.display,
                window,
                xlib::False,
                xlib::NoEventMask,
                &mut event,
            );
            (self.xlib.XSync)(self.display, xlib::False);
            sent
        };
        if sent == 0 {
            return Err("the close request could not be sent to the window".into());
        }
        Ok(())
    }
}

impl Drop for XDisplay {
    fn drop(&mut self) {
        // SAFETY: the display was opened by `open` and is closed once.
        unsafe { (self.xlib.XCloseDisplay)(self.display) };
    }
}
