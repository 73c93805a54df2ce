<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context>
    <name>AppSettings</name>
    <message>
        <source>Host &quot;%1&quot; is not an IP address or a host name.</source>
        <translation>主机“%1”既不是 IP 地址，也不是主机名。</translation>
    </message>
    <message>
        <source>Port must be from 0 to 65535 (0 picks a free port), not %1.</source>
        <translation>端口必须在 0 到 65535 之间（0 表示自动选择空闲端口），而不是 %1。</translation>
    </message>
    <message>
        <source>%1 must be from %2 to %3, not %4.</source>
        <translation>%1 必须在 %2 到 %3 之间，而不是 %4。</translation>
    </message>
    <message>
        <source>Traces kept by the window</source>
        <translation>窗口保留的追踪数</translation>
    </message>
    <message>
        <source>Trace memory (MiB)</source>
        <translation>追踪内存（MiB）</translation>
    </message>
    <message>
        <source>Traces kept by the hub</source>
        <translation>追踪中心保留的追踪数</translation>
    </message>
    <message>
        <source>Body capture (bytes)</source>
        <translation>消息体捕获上限（字节）</translation>
    </message>
</context>
<context>
    <name>BuildInfo</name>
    <message>
        <source>asgiscope</source>
        <translation>asgiscope</translation>
    </message>
    <message>
        <source>Qt (running)</source>
        <translation>Qt（运行时）</translation>
    </message>
    <message>
        <source>Qt (built with)</source>
        <translation>Qt（构建时）</translation>
    </message>
    <message>
        <source>Boost</source>
        <translation>Boost</translation>
    </message>
    <message>
        <source>OpenSSL</source>
        <translation>OpenSSL</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>编译器</translation>
    </message>
    <message>
        <source>Build type</source>
        <translation>构建类型</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
</context>
<context>
    <name>ComposerRequest</name>
    <message>
        <source>The JSON body is empty.</source>
        <translation>JSON 请求体为空。</translation>
    </message>
    <message>
        <source>Unexpected text after the JSON value.</source>
        <translation>JSON 值后面有多余的文本。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 为空。</translation>
    </message>
    <message>
        <source>%1 must be a whole number (int).</source>
        <translation>%1 必须是整数（int）。</translation>
    </message>
    <message>
        <source>%1 must be a number (float).</source>
        <translation>%1 必须是数字（float）。</translation>
    </message>
    <message>
        <source>%1 must be a UUID.</source>
        <translation>%1 必须是 UUID。</translation>
    </message>
    <message>
        <source>%1 cannot contain &apos;/&apos;.</source>
        <translation>%1 不能包含“/”。</translation>
    </message>
    <message>
        <source>The method &quot;%1&quot; is not a valid HTTP method.</source>
        <translation>请求方法“%1”不是有效的 HTTP 方法。</translation>
    </message>
    <message>
        <source>The URL still has path parameters to fill in: %1</source>
        <translation>URL 中仍有待填写的路径参数：%1</translation>
    </message>
    <message>
        <source>The URL is empty.</source>
        <translation>URL 为空。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http:// or https:// URL.</source>
        <translation>“%1”不是 http:// 或 https:// URL。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid header name.</source>
        <translation>“%1”不是有效的请求头名称。</translation>
    </message>
    <message>
        <source>The value of header %1 contains a line break.</source>
        <translation>请求头 %1 的值包含换行符。</translation>
    </message>
    <message>
        <source>The JSON body is invalid at line %1, column %2: %3</source>
        <translation>JSON 请求体在第 %1 行第 %2 列无效：%3</translation>
    </message>
    <message>
        <source>Cannot read the file &quot;%1&quot; of field %2.</source>
        <translation>无法读取字段 %2 的文件“%1”。</translation>
    </message>
    <message>
        <source>No curl command found in the text.</source>
        <translation>文本中没有找到 curl 命令。</translation>
    </message>
    <message>
        <source>The command opens a WebSocket; the composer sends HTTP requests.</source>
        <translation>该命令会打开 WebSocket；请求编辑器只发送 HTTP 请求。</translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>  (built in)</source>
        <comment>middleware</comment>
        <translation>  （内置）</translation>
    </message>
    <message>
        <source>handles: %1</source>
        <comment>middleware</comment>
        <translation>处理：%1</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1：是文件夹，不是文件</translation>
    </message>
    <message>
        <source>%1: cannot be read (permission denied?)</source>
        <translation>%1：无法读取（权限不足？）</translation>
    </message>
    <message>
        <source> (expected an asgiscope trace file, a HAR 1.2 file or cURL command lines)</source>
        <translation> （应为 asgiscope 追踪文件、HAR 1.2 文件或 cURL 命令行）</translation>
    </message>
</context>
<context>
    <name>TrafficFilter</name>
    <message>
        <source>A double quote is not closed.</source>
        <translation>双引号没有闭合。</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; (known keys: %2).</source>
        <translation>未知的键“%1”（可用的键：%2）。</translation>
    </message>
    <message>
        <source>&quot;%1:&quot; needs a value.</source>
        <translation>“%1:”需要一个值。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a status (write 404, 4xx, &gt;=400 or &lt;300).</source>
        <translation>“%1”不是状态码（可写 404、4xx、&gt;=400 或 &lt;300）。</translation>
    </message>
</context>
<context>
    <name>WebSocketClose</name>
    <message>
        <source>Close code %1 is reserved and must not be sent (RFC 6455).</source>
        <translation>关闭码 %1 为保留值，不得发送（RFC 6455）。</translation>
    </message>
    <message>
        <source>Close code 1015 is reserved for a failed TLS handshake and must not be sent.</source>
        <translation>关闭码 1015 保留用于表示 TLS 握手失败，不得发送。</translation>
    </message>
    <message>
        <source>Close code %1 is not allowed: use 1000-1003, 1007-1014 or 3000-4999.</source>
        <translation>不允许使用关闭码 %1：请使用 1000-1003、1007-1014 或 3000-4999。</translation>
    </message>
    <message>
        <source>The close reason is %1 bytes in UTF-8; at most %2 are allowed.</source>
        <translation>关闭原因按 UTF-8 编码为 %1 字节；最多允许 %2 字节。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is not a hex digit.</source>
        <translation>位置 %2 处的“%1”不是十六进制数字。</translation>
    </message>
    <message>
        <source>The hex text has an odd number of digits (%1).</source>
        <translation>hex 文本的位数为奇数（%1）。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::AboutDialog</name>
    <message>
        <source>About asgiscope</source>
        <translation>关于 asgiscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;asgiscope&lt;/h3&gt;&lt;p&gt;An ASGI server and a Starlette-like framework with tracing: see every message cross every layer of an application.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;asgiscope&lt;/h3&gt;&lt;p&gt;一个带追踪功能的 ASGI 服务器和类 Starlette 框架：看清每条消息如何穿过应用的每一层。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the versions for a bug report</source>
        <translation>复制版本信息，用于提交问题报告</translation>
    </message>
    <message>
        <source>Versions:</source>
        <translation>版本：</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ComposerHistory</name>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>%1 %2 → %3</source>
        <translation>%1 %2 → %3</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>发送于 %1</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ComposerPanel</name>
    <message>
        <source>The HTTP method; type another one if you need it</source>
        <translation>HTTP 方法；如需其他方法可直接输入</translation>
    </message>
    <message>
        <source>/path?query, or an absolute http:// URL</source>
        <translation>/path?query，或绝对 http:// URL</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the request (Ctrl+Enter)</source>
        <translation>发送请求（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>In-process</source>
        <translation>进程内</translation>
    </message>
    <message>
        <source>Run the request through the core test client inside this process, without sockets. It is traced all the same.</source>
        <translation>通过本进程内的核心测试客户端运行请求，不经过套接字。它同样会被追踪。</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>Import cURL…</source>
        <translation>导入 cURL…</translation>
    </message>
    <message>
        <source>Paste a curl command line to fill the composer</source>
        <translation>粘贴 curl 命令行以填充请求编辑器</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>复制为 cURL</translation>
    </message>
    <message>
        <source>Put this request on the clipboard as a curl command line</source>
        <translation>将此请求以 curl 命令行的形式复制到剪贴板</translation>
    </message>
    <message>
        <source>Click a sent request to load it into the composer</source>
        <translation>点击已发送的请求，将其载入请求编辑器</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>清空历史</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Raw text</source>
        <translation>原始文本</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Form (url-encoded)</source>
        <translation>表单（url-encoded）</translation>
    </message>
    <message>
        <source>Multipart form</source>
        <translation>Multipart 表单</translation>
    </message>
    <message>
        <source>This request has no body.</source>
        <translation>此请求没有请求体。</translation>
    </message>
    <message>
        <source>The Content-Type sent with the raw body</source>
        <translation>随原始请求体一起发送的 Content-Type</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>内容类型</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式化</translation>
    </message>
    <message>
        <source>Indent the JSON (keys keep their order)</source>
        <translation>缩进 JSON（键保持原有顺序）</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Make the selected row (or a new one) a file to upload</source>
        <translation>将选中的行（或新行）设为要上传的文件</translation>
    </message>
    <message>
        <source>Choose a file to upload</source>
        <translation>选择要上传的文件</translation>
    </message>
    <message>
        <source>(server stopped)</source>
        <translation>（服务器已停止）</translation>
    </message>
    <message>
        <source>Path parameter %1 (convertor %2)</source>
        <translation>路径参数 %1（转换器 %2）</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>Fill in the path parameters of %1.</source>
        <translation>请填写 %1 的路径参数。</translation>
    </message>
    <message>
        <source>Valid JSON</source>
        <translation>JSON 有效</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>第 %1 行，第 %2 列：%3</translation>
    </message>
    <message>
        <source>The JSON body is invalid: fix it to send</source>
        <translation>JSON 请求体无效：请修正后再发送</translation>
    </message>
    <message>
        <source>The server is stopped: start it, tick In-process, or give an absolute URL.</source>
        <translation>服务器已停止：请启动服务器、勾选“进程内”，或填写绝对 URL。</translation>
    </message>
    <message>
        <source>Sending %1 %2 in-process…</source>
        <translation>正在进程内发送 %1 %2…</translation>
    </message>
    <message>
        <source>Sending %1 %2…</source>
        <translation>正在发送 %1 %2…</translation>
    </message>
    <message>
        <source>The cURL command could not be read: %1</source>
        <translation>无法读取该 cURL 命令：%1</translation>
    </message>
    <message>
        <source>Import cURL</source>
        <translation>导入 cURL</translation>
    </message>
    <message>
        <source>Paste a curl command line (as &quot;Copy as cURL&quot; writes it):</source>
        <translation>粘贴 curl 命令行（格式与“复制为 cURL”生成的相同）：</translation>
    </message>
    <message>
        <source>The command could not be read:
%1</source>
        <translation>无法读取该命令：
%1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>An in-process request cannot be cancelled: it ends at its timeout</source>
        <translation>进程内请求无法取消：它会在超时后结束</translation>
    </message>
    <message>
        <source>Cancel the request under way</source>
        <translation>取消正在进行的请求</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ComposerSender</name>
    <message>
        <source>The request was cancelled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <source>No response within %1 s (timed out).</source>
        <translation>%1 s 内没有响应（已超时）。</translation>
    </message>
    <message>
        <source>Connection refused by %1: is the server running?</source>
        <translation>%1 拒绝了连接：服务器是否在运行？</translation>
    </message>
    <message>
        <source>No response.</source>
        <translation>没有响应。</translation>
    </message>
    <message>
        <source>The in-process request failed: %1</source>
        <translation>进程内请求失败：%1</translation>
    </message>
    <message>
        <source>The in-process request failed.</source>
        <translation>进程内请求失败。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::EditRequestDialog</name>
    <message>
        <source>Edit request before replay</source>
        <translation>回放前编辑请求</translation>
    </message>
    <message>
        <source>Only the path and query are used: the request goes to the replay target.</source>
        <translation>只使用路径和查询参数：请求会发送到回放目标。</translation>
    </message>
    <message>
        <source>One header a line: Name: value</source>
        <translation>每行一个请求头：Name: value</translation>
    </message>
    <message>
        <source>The body is binary and cannot be edited here; it is sent as recorded.</source>
        <translation>请求体是二进制数据，无法在此编辑；将按录制时的原样发送。</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>The method must be a word such as GET or POST, not &quot;%1&quot;.</source>
        <translation>请求方法必须是 GET 或 POST 这样的单词，而不是“%1”。</translation>
    </message>
    <message>
        <source>The URL must be absolute (http://host/path) or a path starting with /, not &quot;%1&quot;.</source>
        <translation>URL 必须是绝对地址（http://host/path）或以 / 开头的路径，而不是“%1”。</translation>
    </message>
    <message>
        <source>Header line %1 is not &quot;Name: value&quot;: &quot;%2&quot;.</source>
        <translation>第 %1 行请求头不是“Name: value”格式：“%2”。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::FieldTable</name>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Untick a row to leave it out. Press Delete to remove the selected rows.</source>
        <translation>取消勾选某行即可将其排除。按 Delete 键删除选中的行。</translation>
    </message>
    <message>
        <source>Send the value as the path of a file to upload</source>
        <translation>将值作为要上传文件的路径发送</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::InspectorTreeModel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>%1 of %2 bytes kept</source>
        <translation>保留了 %2 字节中的 %1 字节</translation>
    </message>
    <message numerus="yes">
        <source>%n header(s)</source>
        <translation>
            <numerusform>%n 个头部字段</numerusform>
        </translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>进入</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>返回</translation>
    </message>
    <message>
        <source> (did not finish)</source>
        <translation>（未完成）</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>self time</source>
        <translation>自身耗时</translation>
    </message>
    <message>
        <source>short-circuited</source>
        <translation>已短路</translation>
    </message>
    <message>
        <source>answered without calling the layer inside it</source>
        <translation>未调用内层就直接作出了响应</translation>
    </message>
    <message>
        <source>read the body</source>
        <translation>读取了消息体</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>messages not kept</source>
        <translation>未保留的消息</translation>
    </message>
    <message>
        <source>exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>raised here</source>
        <translation>在此抛出</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>handled here</source>
        <translation>在此处理</translation>
    </message>
    <message>
        <source>left this layer</source>
        <translation>离开了这一层</translation>
    </message>
    <message>
        <source>scope diff</source>
        <translation>scope 差异</translation>
    </message>
    <message>
        <source>outermost layer: the scope as the server made it</source>
        <translation>最外层：服务器创建时的 scope</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 → %2: no change</source>
        <translation>%1 → %2：无变化</translation>
    </message>
    <message>
        <source>no layer</source>
        <translation>无层</translation>
    </message>
    <message>
        <source>nothing selected</source>
        <translation>未选择任何内容</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>层 %1</translation>
    </message>
    <message>
        <source>scope at this layer</source>
        <translation>此层看到的 scope</translation>
    </message>
    <message>
        <source>no message</source>
        <translation>无消息</translation>
    </message>
    <message>
        <source>message %1 of %2 (at %3)</source>
        <translation>第 %1 条消息，共 %2 条（位于 %3）</translation>
    </message>
    <message>
        <source>direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>received (inward)</source>
        <translation>接收（向内）</translation>
    </message>
    <message>
        <source>sent (outward)</source>
        <translation>发送（向外）</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>⟳ before: as %1 sent it</source>
        <translation>⟳ 修改前：%1 发送时的样子</translation>
    </message>
    <message>
        <source>⟳ before: as %1 received it</source>
        <translation>⟳ 修改前：%1 接收时的样子</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::InspectorView</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>body: %1</source>
        <translation>消息体：%1</translation>
    </message>
    <message>
        <source>(not JSON%1)

%2</source>
        <translation>（不是 JSON%1）

%2</translation>
    </message>
    <message>
        <source>: only part of it was kept</source>
        <translation>：只保留了一部分</translation>
    </message>
    <message>
        <source>(not an image)</source>
        <translation>（不是图片）</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::LogModel</name>
    <message>
        <source>trace</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::LogPanel</name>
    <message>
        <source>All levels</source>
        <translation>所有级别</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Filter log lines</source>
        <translation>筛选日志行</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MainWindow</name>
    <message>
        <source>asgiscope — %1</source>
        <translation>asgiscope — %1</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Middleware</source>
        <translation>中间件</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Layer %1: exchanges it short-circuited or errored in</source>
        <translation>层 %1：在此短路或出错的请求</translation>
    </message>
    <message>
        <source>Port %1 is in use: serving on %2</source>
        <translation>端口 %1 已被占用：改为在 %2 上提供服务</translation>
    </message>
    <message>
        <source>The server did not start: %1</source>
        <translation>服务器未能启动：%1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Tracing</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>Record a trace of every request (Tracer::set_enabled)</source>
        <translation>记录每个请求的追踪（Tracer::set_enabled）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Forget the kept traces and the live counters</source>
        <translation>丢弃已保留的追踪和实时计数</translation>
    </message>
    <message>
        <source>Filter </source>
        <translation>筛选 </translation>
    </message>
    <message>
        <source>method:POST status:5xx route:user text</source>
        <translation>method:POST status:5xx route:user 文本</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Restore default layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>Copy server URL</source>
        <translation>复制服务器 URL</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Focus the filter</source>
        <translation>定位到筛选框</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Click to copy the server URL</source>
        <translation>点击复制服务器 URL</translation>
    </message>
    <message>
        <source>Click to switch tracing on or off</source>
        <translation>点击开启或关闭追踪</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>Start the server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>stopped (%1)</source>
        <translation>已停止（%1）</translation>
    </message>
    <message>
        <source>server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>starting… (%1)</source>
        <translation>正在启动…（%1）</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Stop the server gracefully</source>
        <translation>平滑停止服务器</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>stopping… (%1)</source>
        <translation>正在停止…（%1）</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 个请求</translation>
    </message>
    <message>
        <source>%1 req/s</source>
        <translation>%1 请求/秒</translation>
    </message>
    <message>
        <source>1 open connection</source>
        <translation>1 个打开的连接</translation>
    </message>
    <message>
        <source>%1 open connections</source>
        <translation>%1 个打开的连接</translation>
    </message>
    <message>
        <source>traces %1 kept, %2 dropped</source>
        <translation>追踪：保留 %1，丢弃 %2</translation>
    </message>
    <message>
        <source>tracing on</source>
        <translation>追踪已开启</translation>
    </message>
    <message>
        <source>tracing off</source>
        <translation>追踪已关闭</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About asgiscope</source>
        <translation>关于 asgiscope(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Saved. The server address, the hub&apos;s cap and the body capture apply when asgiscope starts next time.</source>
        <translation>已保存。服务器地址、追踪中心上限和消息体捕获上限将在下次启动 asgiscope 时生效。</translation>
    </message>
    <message>
        <source>The language changes when asgiscope starts next time.</source>
        <translation>语言将在下次启动 asgiscope 时切换。</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Edit and replay…</source>
        <translation>编辑并回放…</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>请求编辑器</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>复制为 cURL</translation>
    </message>
    <message>
        <source>Copy the selected requests as curl command lines</source>
        <translation>将选中的请求复制为 curl 命令行</translation>
    </message>
    <message>
        <source>Open in Composer</source>
        <translation>在请求编辑器中打开</translation>
    </message>
    <message>
        <source>Load the selected request into the composer to edit and send again</source>
        <translation>将选中的请求载入请求编辑器，编辑后重新发送</translation>
    </message>
    <message>
        <source>Select an HTTP request in Traffic first.</source>
        <translation>请先在“流量”中选择一个 HTTP 请求。</translation>
    </message>
    <message>
        <source>The trace kept only part of the request body.</source>
        <translation>追踪只保留了请求体的一部分。</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Import cURL…</source>
        <translation>导入 cURL…</translation>
    </message>
    <message>
        <source>Copy the composer&apos;s request as cURL</source>
        <translation>将请求编辑器中的请求复制为 cURL</translation>
    </message>
    <message>
        <source>Select one or more requests in Traffic first.</source>
        <translation>请先在“流量”中选择一个或多个请求。</translation>
    </message>
    <message>
        <source>Copied the request as a curl command line.</source>
        <translation>已将请求复制为 curl 命令行。</translation>
    </message>
    <message>
        <source>Copied %1 requests as curl command lines.</source>
        <translation>已将 %1 个请求复制为 curl 命令行。</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a trace file</source>
        <translation>打开追踪文件</translation>
    </message>
    <message>
        <source>Trace, HAR or cURL files (*.json *.jsonl *.har *.txt *.sh);;All files (*)</source>
        <translation>追踪、HAR 或 cURL 文件 (*.json *.jsonl *.har *.txt *.sh);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening a trace file stops the server and replaces the traces shown. Start the server again to go back to live traffic. Continue?</source>
        <translation>打开追踪文件会停止服务器，并替换当前显示的追踪。重新启动服务器即可回到实时流量。是否继续？</translation>
    </message>
    <message>
        <source>&amp;Save Session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the session&apos;s traces</source>
        <translation>保存会话中的追踪</translation>
    </message>
    <message>
        <source>asgiscope trace files (*.jsonl *.json)</source>
        <translation>asgiscope 追踪文件 (*.jsonl *.json)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export traces</source>
        <translation>导出追踪</translation>
    </message>
    <message>
        <source>As HAR 1.2…</source>
        <translation>HAR 1.2 格式…</translation>
    </message>
    <message>
        <source>HAR files (*.har)</source>
        <translation>HAR 文件 (*.har)</translation>
    </message>
    <message>
        <source>As Chrome trace…</source>
        <translation>Chrome 追踪格式…</translation>
    </message>
    <message>
        <source>Chrome trace files (*.json)</source>
        <translation>Chrome 追踪文件 (*.json)</translation>
    </message>
    <message>
        <source>As trace JSON…</source>
        <translation>追踪 JSON 格式…</translation>
    </message>
    <message>
        <source>Only the selected rows</source>
        <translation>仅导出选中的行</translation>
    </message>
    <message>
        <source>Replay from file…</source>
        <translation>从文件回放…</translation>
    </message>
    <message>
        <source>Replay requests from a file</source>
        <translation>回放文件中的请求</translation>
    </message>
    <message>
        <source>HAR, trace or cURL files (*.har *.json *.jsonl *.txt *.sh);;All files (*)</source>
        <translation>HAR、追踪或 cURL 文件 (*.har *.json *.jsonl *.txt *.sh);;所有文件 (*)</translation>
    </message>
    <message>
        <source>asgiscope — %1 (opened file, no server)</source>
        <translation>asgiscope — %1（已打开文件，无服务器）</translation>
    </message>
    <message numerus="yes">
        <source>Opened %n trace(s) from %1</source>
        <translation>
            <numerusform>已从 %1 打开 %n 条追踪</numerusform>
        </translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Show in Replay</source>
        <translation>在“回放”中显示</translation>
    </message>
    <message numerus="yes">
        <source>%1 is a %2 file. It holds requests, not traces of the layers they crossed, so Traffic, Trace and Inspector cannot show it. Its %n request(s) can be replayed against the server instead.</source>
        <translation>
            <numerusform>%1 是 %2 文件。它包含的是请求，而不是请求穿过各层的追踪，因此“流量”“追踪”和“检查器”无法显示它。不过可以改为向服务器回放其中的 %n 个请求。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Cannot open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message numerus="yes">
        <source>%1 could not be read to its end:
%2

%n record(s) were read before the problem. Show them?</source>
        <translation>
            <numerusform>无法完整读取 %1：
%2

出错之前已读取 %n 条记录。是否显示这些记录？</numerusform>
        </translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>显示这些记录</translation>
    </message>
    <message>
        <source>Nothing to write</source>
        <translation>没有可写入的内容</translation>
    </message>
    <message>
        <source>Select one or more rows in Traffic to export them.</source>
        <translation>请在“流量”中选择一行或多行以导出。</translation>
    </message>
    <message>
        <source>The session has no traces to write yet.</source>
        <translation>会话中还没有可写入的追踪。</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n trace(s) to %1</source>
        <translation>
            <numerusform>已将 %n 条追踪写入 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Select one or more HTTP or WebSocket rows in Traffic to replay them.</source>
        <translation>请在“流量”中选择一行或多行 HTTP 或 WebSocket 请求以回放。</translation>
    </message>
    <message>
        <source>Select one HTTP row in Traffic to edit and replay it.</source>
        <translation>请在“流量”中选择一行 HTTP 请求，以编辑并回放。</translation>
    </message>
    <message>
        <source>Cannot replay %1</source>
        <translation>无法回放 %1</translation>
    </message>
    <message>
        <source>Cannot read %1:
%2</source>
        <translation>无法读取 %1：
%2</translation>
    </message>
    <message numerus="yes">
        <source>%1 could not be read to its end:
%2

Replaying the %n request(s) read before the problem.</source>
        <translation>
            <numerusform>无法完整读取 %1：
%2

将回放出错之前读取到的 %n 个请求。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds no requests to replay.</source>
        <translation>%1 中没有可回放的请求。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MatchModel</name>
    <message>
        <source>→ endpoint of &apos;%1&apos; at %2%3</source>
        <translation>→ 由“%1”的端点处理，位于 %2%3</translation>
    </message>
    <message>
        <source>→ mounted app &apos;%1&apos; at %2; it sees the path %3</source>
        <translation>→ 挂载的应用“%1”，位于 %2；它看到的路径是 %3</translation>
    </message>
    <message>
        <source>→ 404 Not Found (no route matched; redirect_slashes: %1)</source>
        <translation>→ 404 Not Found（没有匹配的路由；redirect_slashes：%1）</translation>
    </message>
    <message>
        <source>not tried</source>
        <translation>未尝试</translation>
    </message>
    <message>
        <source>→ 405 Method Not Allowed, Allow: %1 (the path matches &apos;%2&apos;, the method does not)</source>
        <translation>→ 405 Method Not Allowed，Allow: %1（路径匹配“%2”，但请求方法不匹配）</translation>
    </message>
    <message>
        <source>→ 307 Temporary Redirect to %1 (redirect_slashes)</source>
        <translation>→ 307 Temporary Redirect 到 %1（redirect_slashes）</translation>
    </message>
    <message>
        <source>→ no route: the WebSocket handshake is closed (1000)</source>
        <translation>→ 没有路由：WebSocket 握手被关闭（1000）</translation>
    </message>
    <message>
        <source>→ no route: the router&apos;s default app answers</source>
        <translation>→ 没有路由：由路由器的默认应用响应</translation>
    </message>
    <message>
        <source>Mount </source>
        <translation>Mount </translation>
    </message>
    <message>
        <source>Host </source>
        <translation>Host </translation>
    </message>
    <message>
        <source>not tried: an earlier route matched fully</source>
        <translation>未尝试：前面的路由已完全匹配</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MatchTester</name>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>HTTP method; WS asks about a WebSocket handshake</source>
        <translation>HTTP 方法；WS 表示查询 WebSocket 握手</translation>
    </message>
    <message>
        <source>URL or path, e.g. /users/7?x=1</source>
        <translation>URL 或路径，例如 /users/7?x=1</translation>
    </message>
    <message>
        <source>Host header (optional)</source>
        <translation>Host 请求头（可选）</translation>
    </message>
    <message>
        <source>route name, e.g. user</source>
        <translation>路由名称，例如 user</translation>
    </message>
    <message>
        <source>params, e.g. id=7</source>
        <translation>参数，例如 id=7</translation>
    </message>
    <message>
        <source>url_for</source>
        <translation>url_for</translation>
    </message>
    <message>
        <source>redirect_slashes: %1</source>
        <translation>redirect_slashes：%1</translation>
    </message>
    <message>
        <source>Cannot explain this request: %1</source>
        <translation>无法解释这个请求：%1</translation>
    </message>
    <message>
        <source>Parameters look like id=7, name=x; not &apos;%1&apos;</source>
        <translation>参数的格式应为 id=7, name=x，而不是“%1”</translation>
    </message>
    <message>
        <source>Give a route name</source>
        <translation>请输入路由名称</translation>
    </message>
    <message>
        <source>%1 (host %2)</source>
        <translation>%1（主机 %2）</translation>
    </message>
    <message>
        <source>url_for(&apos;%1&apos;) → %2</source>
        <translation>url_for(&apos;%1&apos;) → %2</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MetricsModel</name>
    <message>
        <source>(no route)</source>
        <translation>（无路由）</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MetricsPanel</name>
    <message>
        <source>Last minute</source>
        <translation>最近 1 分钟</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>The time window the plots show, ending at the newest trace.</source>
        <translation>图表显示的时间窗口，截止于最新的追踪。</translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation>实时跟随</translation>
    </message>
    <message>
        <source>Keep the newest traffic in view. Dragging or zooming a plot turns it off.</source>
        <translation>始终显示最新的流量。拖动或缩放图表会关闭此选项。</translation>
    </message>
    <message>
        <source>The route whose latency histogram is shown.</source>
        <translation>要显示其延迟直方图的路由。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save plot as PNG…</source>
        <translation>将图表保存为 PNG…</translation>
    </message>
    <message>
        <source>Save plot as PDF…</source>
        <translation>将图表保存为 PDF…</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>时间窗口：</translation>
    </message>
    <message>
        <source>Route:</source>
        <translation>路由：</translation>
    </message>
    <message>
        <source>requests/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>latency (ms)</source>
        <translation>延迟（ms）</translation>
    </message>
    <message>
        <source>responses/s</source>
        <translation>响应/秒</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>每秒请求数</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Status classes</source>
        <translation>状态码类别</translation>
    </message>
    <message>
        <source>Route histogram</source>
        <translation>路由直方图</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>1xx</source>
        <translation>1xx</translation>
    </message>
    <message>
        <source>2xx</source>
        <translation>2xx</translation>
    </message>
    <message>
        <source>3xx</source>
        <translation>3xx</translation>
    </message>
    <message>
        <source>4xx</source>
        <translation>4xx</translation>
    </message>
    <message>
        <source>5xx</source>
        <translation>5xx</translation>
    </message>
    <message>
        <source>no response</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Requests in the window: %1 of %2 in the session.</source>
        <translation>时间窗口内的请求：%1 个（会话共 %2 个）。</translation>
    </message>
    <message>
        <source>Cannot save as &quot;%1&quot;: the file name must end in .png or .pdf.</source>
        <translation>无法保存为“%1”：文件名必须以 .png 或 .pdf 结尾。</translation>
    </message>
    <message>
        <source>Cannot save &quot;%1&quot;: the folder does not exist.</source>
        <translation>无法保存“%1”：文件夹不存在。</translation>
    </message>
    <message>
        <source>Cannot save &quot;%1&quot;: the folder is not writable.</source>
        <translation>无法保存“%1”：文件夹不可写。</translation>
    </message>
    <message>
        <source>Cannot save &quot;%1&quot;: the file could not be written.</source>
        <translation>无法保存“%1”：无法写入文件。</translation>
    </message>
    <message>
        <source>Save plot as PDF</source>
        <translation>将图表保存为 PDF</translation>
    </message>
    <message>
        <source>Save plot as PNG</source>
        <translation>将图表保存为 PNG</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MiddlewareModel</name>
    <message>
        <source>(options not described)</source>
        <translation>（未描述选项）</translation>
    </message>
    <message>
        <source>%1 ns</source>
        <translation>%1 ns</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 个请求</translation>
    </message>
    <message>
        <source>1 short-circuit</source>
        <translation>1 次短路</translation>
    </message>
    <message>
        <source>%1 short-circuits</source>
        <translation>%1 次短路</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 个错误</translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation>%1 个错误</translation>
    </message>
    <message>
        <source>%1 handled</source>
        <translation>已处理 %1 个</translation>
    </message>
    <message>
        <source>self %1 mean, %2 p95</source>
        <translation>自身耗时 平均 %1，p95 %2</translation>
    </message>
    <message>
        <source> (added by the application)</source>
        <translation>（由应用添加）</translation>
    </message>
    <message>
        <source> (built in)</source>
        <translation>（内置）</translation>
    </message>
    <message>
        <source>options: %1</source>
        <translation>选项：%1</translation>
    </message>
    <message>
        <source>exception handlers: %1</source>
        <translation>异常处理器：%1</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Exception handlers</source>
        <translation>异常处理器</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Short-circuits</source>
        <translation>短路次数</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <source>Self (mean)</source>
        <translation>自身耗时（平均）</translation>
    </message>
    <message>
        <source>Self (p95)</source>
        <translation>自身耗时（p95）</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::PreferencesDialog</name>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Trace requests when asgiscope starts</source>
        <translation>启动 asgiscope 时即追踪请求</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>An IP address or a host name; 127.0.0.1 keeps the server on this machine</source>
        <translation>IP 地址或主机名；127.0.0.1 表示服务器只对本机开放</translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation>0 表示自动选择空闲端口</translation>
    </message>
    <message>
        <source>Server (applied when the server starts next time)</source>
        <translation>服务器（下次启动服务器时生效）</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Traces</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>The window keeps at most this many traces; the oldest go first</source>
        <translation>窗口最多保留这么多条追踪；最早的先被丢弃</translation>
    </message>
    <message>
        <source>The window keeps at most about this much trace data</source>
        <translation>窗口最多保留大约这么多的追踪数据</translation>
    </message>
    <message>
        <source>The trace hub keeps this many recent traces for new subscribers (applied on the next start of asgiscope)</source>
        <translation>追踪中心为新订阅者保留这么多条最近的追踪（下次启动 asgiscope 时生效）</translation>
    </message>
    <message>
        <source>Longer bodies are cut in traces (applied on the next start of asgiscope)</source>
        <translation>超出长度的消息体在追踪中会被截断（下次启动 asgiscope 时生效）</translation>
    </message>
    <message>
        <source>Traces kept by the &amp;window:</source>
        <translation>窗口保留的追踪数(&amp;W)：</translation>
    </message>
    <message>
        <source>Trace &amp;memory:</source>
        <translation>追踪内存(&amp;M)：</translation>
    </message>
    <message>
        <source>Traces kept by the h&amp;ub:</source>
        <translation>追踪中心保留的追踪数(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Body capture:</source>
        <translation>消息体捕获上限(&amp;B)：</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Applied when asgiscope starts next time</source>
        <translation>下次启动 asgiscope 时生效</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ReplayPanel</name>
    <message>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>JSON, pretty-printed</source>
        <translation>JSON，已格式化</translation>
    </message>
    <message>
        <source>binary, hex summary</source>
        <translation>二进制，hex 摘要</translation>
    </message>
    <message>
        <source>http://127.0.0.1:8000</source>
        <translation>http://127.0.0.1:8000</translation>
    </message>
    <message>
        <source>The server requests are replayed against; each recorded URL keeps its path and query.</source>
        <translation>回放请求所发往的服务器；每个记录的 URL 保留其路径和查询参数。</translation>
    </message>
    <message>
        <source>Replay all</source>
        <translation>全部回放</translation>
    </message>
    <message>
        <source>Replay again</source>
        <translation>重新回放</translation>
    </message>
    <message>
        <source>Edit and replay…</source>
        <translation>编辑并回放…</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Select rows in Traffic and choose Replay, or File &gt; Replay from file…</source>
        <translation>在“流量”中选择若干行并选择“回放”，或使用“文件 &gt; 从文件回放…”</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>回放后</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Original body</source>
        <translation>原始响应体</translation>
    </message>
    <message>
        <source>Replayed body</source>
        <translation>回放的响应体</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) to replay.</source>
        <translation>
            <numerusform>待回放 %n 个请求。</numerusform>
        </translation>
    </message>
    <message>
        <source>A replay is already under way: wait for it or cancel it first.</source>
        <translation>已有回放正在进行：请等待其完成或先将其取消。</translation>
    </message>
    <message numerus="yes">
        <source>Replaying %n request(s) against %1…</source>
        <translation>
            <numerusform>正在向 %1 回放 %n 个请求…</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a replayed request to compare it with the original.</source>
        <translation>选择一个已回放的请求，将其与原始请求进行比较。</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source>(absent)</source>
        <translation>（不存在）</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注：%1</translation>
    </message>
    <message numerus="yes">
        <source>Body: original %1, replayed %2; %n changed line(s)</source>
        <translation>
            <numerusform>响应体：原始 %1，回放 %2；%n 行有变化</numerusform>
        </translation>
    </message>
    <message>
        <source> (too large for a line-by-line match: the differing middle is shown as one block)</source>
        <translation> （内容过大，无法逐行比对：中间的差异部分显示为一整块）</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ReplayResultsModel</name>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>replaying…</source>
        <translation>正在回放…</translation>
    </message>
    <message>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>different</source>
        <translation>不同</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>not replayed</source>
        <translation>未回放</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>%1 requests: %2 same, %3 different, %4 errors, %5 not replayed</source>
        <translation>%1 个请求：%2 个相同，%3 个不同，%4 个出错，%5 个未回放</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ReplayRunner</name>
    <message>
        <source>A replay is already under way: wait for it or cancel it first.</source>
        <translation>已有回放正在进行：请等待其完成或先将其取消。</translation>
    </message>
    <message>
        <source>No server to replay against: start the server or enter a target URL such as http://127.0.0.1:8000.</source>
        <translation>没有可回放的目标服务器：请启动服务器，或输入目标 URL，例如 http://127.0.0.1:8000。</translation>
    </message>
    <message>
        <source>The replay target must be an http:// URL such as http://127.0.0.1:8000, not &quot;%1&quot;.</source>
        <translation>回放目标必须是 http:// URL（例如 http://127.0.0.1:8000），而不是“%1”。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ResponseViewer</name>
    <message>
        <source>Show in Traffic</source>
        <translation>在“流量”中显示</translation>
    </message>
    <message>
        <source>Select this exchange in Traffic once its trace has arrived</source>
        <translation>追踪到达后，在“流量”中选中此请求</translation>
    </message>
    <message>
        <source>Nothing to preview: the body is neither HTML nor an image.</source>
        <translation>无可预览的内容：响应体既不是 HTML，也不是图片。</translation>
    </message>
    <message>
        <source>Pretty</source>
        <translation>美化</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>响应体</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>响应头</translation>
    </message>
    <message>
        <source>No response yet: compose a request and press Send (Ctrl+Enter).</source>
        <translation>尚无响应：请编写一个请求并点击“发送”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>An image, %1 × %2 pixels: see Preview.</source>
        <translation>图片，%1 × %2 像素：请查看“预览”。</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 ms in the app (trace)</source>
        <translation>应用内耗时 %1 ms（追踪）</translation>
    </message>
    <message>
        <source>in-process</source>
        <translation>进程内</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::RouteTreeModel</name>
    <message>
        <source>Router</source>
        <translation>Router</translation>
    </message>
    <message>
        <source>Mount %1</source>
        <translation>Mount %1</translation>
    </message>
    <message>
        <source>Host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>redirect_slashes on</source>
        <translation>redirect_slashes 开启</translation>
    </message>
    <message>
        <source>redirect_slashes off</source>
        <translation>redirect_slashes 关闭</translation>
    </message>
    <message>
        <source>%1 (middleware: %2)</source>
        <translation>%1（中间件：%2）</translation>
    </message>
    <message numerus="yes">
        <source>The application&apos;s Router: %n route(s); redirect_slashes %1</source>
        <translation>
            <numerusform>应用的 Router：%n 条路由；redirect_slashes %1</numerusform>
        </translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>name: %1 (url_for)</source>
        <translation>名称：%1（url_for）</translation>
    </message>
    <message>
        <source>path format: %1</source>
        <translation>路径格式：%1</translation>
    </message>
    <message>
        <source>regex: %1</source>
        <translation>正则表达式：%1</translation>
    </message>
    <message>
        <source>not included in the schema</source>
        <translation>不包含在 schema 中</translation>
    </message>
    <message>
        <source>route middleware: %1</source>
        <translation>路由中间件：%1</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Convertors</source>
        <translation>转换器</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>命中数</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最近状态</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::SequenceDiagram</name>
    <message>
        <source>Select a request in Traffic to see its trace.</source>
        <translation>在“流量”中选择一个请求以查看其追踪。</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>raised %1</source>
        <translation>抛出 %1</translation>
    </message>
    <message>
        <source>self time %1 of %2</source>
        <translation>自身耗时 %1，总计 %2</translation>
    </message>
    <message>
        <source>answered without calling the layer inside it</source>
        <translation>未调用内层就直接作出了响应</translation>
    </message>
    <message>
        <source>read the request body</source>
        <translation>读取了请求体</translation>
    </message>
    <message>
        <source>raised %1: %2</source>
        <translation>抛出 %1：%2</translation>
    </message>
    <message>
        <source>handled %1: %2</source>
        <translation>处理了 %1：%2</translation>
    </message>
    <message>
        <source>let %1 through: %2</source>
        <translation>放行了 %1：%2</translation>
    </message>
    <message>
        <source>did not finish (the request ended first)</source>
        <translation>未完成（请求先结束了）</translation>
    </message>
    <message>
        <source>%1 saw the scope change: %2</source>
        <translation>%1 看到 scope 发生变化：%2</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>%1 raised %2
handled by %3</source>
        <translation>%1 抛出 %2
由 %3 处理</translation>
    </message>
    <message>
        <source>↩ it answered without calling the layer inside it</source>
        <translation>↩ 它未调用内层就直接作出了响应</translation>
    </message>
    <message>
        <source>received by %1 at %2</source>
        <translation>由 %1 在 %2 接收</translation>
    </message>
    <message>
        <source>sent by %1 at %2</source>
        <translation>由 %1 在 %2 发送</translation>
    </message>
    <message>
        <source>⟳ changed by %1</source>
        <translation>⟳ 被 %1 修改</translation>
    </message>
    <message>
        <source>● %1 read the body here</source>
        <translation>● %1 在此读取了消息体</translation>
    </message>
    <message>
        <source>↩ %1 answered without calling inward</source>
        <translation>↩ %1 未向内调用就直接作出了响应</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ServerController</name>
    <message>
        <source>the server could not start (exit code %1); see the log</source>
        <translation>服务器无法启动（退出码 %1）；请查看日志</translation>
    </message>
    <message numerus="yes">
        <source>%n log line(s) dropped: the server logged faster than the window could show</source>
        <translation>
            <numerusform>丢弃了 %n 行日志：服务器写日志的速度超过了窗口的显示速度</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::TrafficModel</name>
    <message>
        <source>No route matched</source>
        <translation>没有匹配的路由</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::TrafficView</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Hold new requests back (they are counted and shown on resume)</source>
        <translation>暂不显示新请求（它们会被计数，恢复后显示）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Forget every request listed</source>
        <translation>丢弃列表中的所有请求</translation>
    </message>
    <message>
        <source>Keys: %1. Same key: either; different keys: all. -key:value excludes; key:=value compares the whole value; other words must appear in the path or the route.</source>
        <translation>可用的键：%1。同一个键的多个条件满足其一即可；不同的键须全部满足。-key:value 表示排除；key:=value 表示比较完整的值；其他词必须出现在路径或路由中。</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n request(s)</source>
        <translation>
            <numerusform>%1 / %n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>· paused, %n held</source>
        <translation>
            <numerusform>· 已暂停，暂存 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::WaterfallView</name>
    <message>
        <source>No exchange selected</source>
        <translation>未选择请求</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>总计 %1</translation>
    </message>
    <message>
        <source>self</source>
        <translation>自身</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::WebSocketConsole</name>
    <message>
        <source>Subprotocol: none chosen</source>
        <translation>子协议：未选定</translation>
    </message>
    <message>
        <source>Subprotocol: %1</source>
        <translation>子协议：%1</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>已连接到 %1。</translation>
    </message>
    <message>
        <source>Connected to %1 with subprotocol %2.</source>
        <translation>已连接到 %1，子协议为 %2。</translation>
    </message>
    <message>
        <source>The connection closed without a close frame (1006).</source>
        <translation>连接在没有关闭帧的情况下断开（1006）。</translation>
    </message>
    <message>
        <source>Pong after %1 ms.</source>
        <translation>%1 ms 后收到 pong。</translation>
    </message>
    <message>
        <source>Connection error: %1</source>
        <translation>连接错误：%1</translation>
    </message>
    <message>
        <source>ws://127.0.0.1:8000/ws/echo</source>
        <translation>ws://127.0.0.1:8000/ws/echo</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Comma-separated, for example chat, json</source>
        <translation>以逗号分隔，例如 chat, json</translation>
    </message>
    <message>
        <source>Subprotocol: not connected</source>
        <translation>子协议：未连接</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>添加请求头</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>删除请求头</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <source>Subprotocols:</source>
        <translation>子协议：</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>请求头：</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>二进制（十六进制）</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Message to send (Ctrl+Enter sends)</source>
        <translation>要发送的消息（按 Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send file…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <source>Send a file as a binary message</source>
        <translation>将文件作为二进制消息发送</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>Reason (at most 123 bytes)</source>
        <translation>原因（最多 123 字节）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>关闭码：</translation>
    </message>
    <message>
        <source>Select a message to see all of it.</source>
        <translation>选择一条消息以查看其完整内容。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a WebSocket URL: it must start with ws:// or wss://.</source>
        <translation>“%1”不是 WebSocket URL：必须以 ws:// 或 wss:// 开头。</translation>
    </message>
    <message>
        <source>The header name &quot;%1&quot; is not valid: no spaces or colons.</source>
        <translation>请求头名称“%1”无效：不能包含空格或冒号。</translation>
    </message>
    <message>
        <source>Subprotocol: connecting…</source>
        <translation>子协议：正在连接…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接到 %1…</translation>
    </message>
    <message>
        <source>Connecting was cancelled.</source>
        <translation>连接已取消。</translation>
    </message>
    <message>
        <source>Not connected: connect before sending.</source>
        <translation>未连接：请先连接再发送。</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Not sent: the text is not valid JSON (%1).</source>
        <translation>未发送：文本不是有效的 JSON（%1）。</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is larger than %2 MiB; not sent.</source>
        <translation>“%1”超过 %2 MiB，未发送。</translation>
    </message>
    <message>
        <source>Not connected: connect before sending a ping.</source>
        <translation>未连接：请先连接再发送 ping。</translation>
    </message>
    <message>
        <source>A ping carries at most 125 bytes.</source>
        <translation>一个 ping 最多只能携带 125 字节。</translation>
    </message>
    <message>
        <source>Not connected: there is nothing to close.</source>
        <translation>未连接：没有可关闭的连接。</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>已连接。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::WebSocketLogModel</name>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <source>ping</source>
        <translation>ping</translation>
    </message>
    <message>
        <source>pong</source>
        <translation>pong</translation>
    </message>
    <message>
        <source>close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Round trip: %1 ms</source>
        <translation>往返时间：%1 ms</translation>
    </message>
    <message>
        <source>Close code %1, reason: %2</source>
        <translation>关闭码 %1，原因：%2</translation>
    </message>
    <message>
        <source>Closed without a code.</source>
        <translation>关闭时未提供关闭码。</translation>
    </message>
    <message>
        <source>Sent by the console</source>
        <translation>由控制台发送</translation>
    </message>
    <message>
        <source>Received from the server</source>
        <translation>从服务器接收</translation>
    </message>
    <message>
        <source>Connection event</source>
        <translation>连接事件</translation>
    </message>
    <message>
        <source>%1 ms round trip</source>
        <translation>往返 %1 ms</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Opcode</source>
        <translation>操作码</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
</context>
</TS>
